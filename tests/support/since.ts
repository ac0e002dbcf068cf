// Judges an update of a project in a temporary git repository with npm run plan -- --since, in
// the test's process: the stack file committed as it was, then written as it is now.
import { changesMain } from "../../scripts/planChanges";
import { GitProject } from "./gitProject";

/** Runs the command in the project's folder, as `npm run plan` would there. */
export async function since(repo: GitProject, ...argv: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await changesMain(argv, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } }, repo.root);
    return { code, stdout, stderr };
}

/** The stack the judgements plan. */
export const STACK = "Pulumi.shop.yaml";

/** A stack file in eu-west-1 with these lines of config. */
export const stackFile = (...lines: string[]) => `config:\n  aws:region: eu-west-1\n${lines.map((l) => `  ${l}`).join("\n")}\n`;

/** `orders:routes` with each route as a line of YAML flow (`{path: legacy, retired: true}`). */
export const ROUTES = (...routes: string[]) => [`orders:routes:`, ...routes.map((r) => `  - ${r}`)].join("\n  ");

/** Commits the stack file as it was, then writes it as it is now; the command then judges the update. */
export async function judgeUpdate(repo: GitProject, then: string, now: string) {
    repo.write({ [STACK]: then });
    repo.commit("then");
    repo.write({ [STACK]: now });
    return since(repo, "--stack", "shop", "--since", "HEAD");
}
