// Loaded by the unit tests' mocha: the suite plans the shipped stacks and the docs' examples through
// many tests, and each program run with the same inputs gives the same resources, so each is run
// once and every caller gets a copy of its own (offline/programRun.ts says which runs are
// never remembered). The commands and the end-to-end tests run the program afresh every time.
import { rememberProgramRuns } from "../../offline/programRun";

rememberProgramRuns();
