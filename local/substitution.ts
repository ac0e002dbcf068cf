// How API Gateway fills templates it does not run through the VTL engine: gateway response
// templates and access log formats. Each `$context.…` or `$stageVariables.…` reference is replaced
// by its value, inserted as it is; nothing else in the template is interpreted. A template that
// relies on VTL (`#set`, `#if`, `$util`, `$input`) would reach the client or the log as literal
// text, so such templates are refused here rather than rendered.

const REFERENCE = /\$(context|stageVariables)((?:\.[A-Za-z0-9_]+)+)/g;
const VTL_ONLY = /#(?:set|if|elseif|else|end|foreach|macro|parse|include|evaluate|define|break|stop)\b|\$!|\$\{|\$(?:util|input)\b/;

export interface SubstitutionOptions {
    /** What an absent value renders as: "" in gateway responses, "-" in access logs. */
    readonly absent: string;
}

/** What in a template needs the VTL engine, which these templates do not get; undefined when nothing. */
export function vtlOnlyConstruct(template: string): string | undefined {
    return VTL_ONLY.exec(template)?.[0];
}

/**
 * Renders `template` by plain substitution. `values` maps a reference without its `$`
 * (`context.error.messageString`) to the text API Gateway inserts for it.
 */
export function substitute(template: string, values: Readonly<Record<string, string>>, options: SubstitutionOptions): string {
    const construct = vtlOnlyConstruct(template);
    if (construct !== undefined) {
        throw new Error(`${JSON.stringify(construct)} needs the VTL engine, which API Gateway does not run on this template`);
    }
    return template.replace(REFERENCE, (_, root: string, path: string) => values[`${root}${path}`] ?? options.absent);
}
