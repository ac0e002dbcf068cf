// What resolveSettings reports for some arguments: its problems, or [] when it accepts them.
import assert from "node:assert/strict";

import { QueueApiArgs, resolveSettings, SettingsError } from "../../components/index";

export function problemsOf(args: unknown, prefix = ""): readonly string[] {
    try {
        resolveSettings(args as QueueApiArgs, { keyPrefix: prefix });
        return [];
    } catch (err) {
        assert.ok(err instanceof SettingsError, `expected a SettingsError, got ${String(err)}`);
        return err.problems;
    }
}
