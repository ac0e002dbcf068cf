// Charts of a load-levelling run: an SVG file, and a compact one for the terminal. Plain functions
// of the series, so that they can be tested and drawn again from the same numbers.

export interface Series {
    readonly name: string;
    /** One value per time step. */
    readonly values: readonly number[];
    readonly colour: string;
    /** Drawn against the right-hand axis (a level, such as queue depth, rather than a rate). */
    readonly level?: boolean;
}

export interface ChartInput {
    readonly title: string;
    /** Seconds per time step. */
    readonly step: number;
    readonly series: readonly Series[];
    /** Lines under the title: the figures worth reading. */
    readonly notes?: readonly string[];
}

const BLOCKS = "▁▂▃▄▅▆▇█";

/** One row per series: its name, a sparkline scaled to its own maximum, and that maximum. */
export function terminalChart(input: ChartInput): string {
    const width = Math.max(...input.series.map((s) => s.name.length));
    const rows = input.series.map((series) => {
        const max = Math.max(0, ...series.values);
        const line = series.values.map((v) => (v <= 0 ? " " : BLOCKS[Math.min(BLOCKS.length - 1, Math.floor((v / max) * (BLOCKS.length - 1)))])).join("");
        return `${series.name.padEnd(width)}  ${line}  max ${max}`;
    });
    const steps = input.series[0]?.values.length ?? 0;
    const end = `${Math.round(steps * input.step)} s`;
    const axis = `0 s${" ".repeat(Math.max(1, steps - 3 - end.length))}${end}`;
    return [input.title, ...(input.notes ?? []), ...rows, `${" ".repeat(width)}  ${axis}`].join("\n");
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** An SVG line chart: rates against the left axis, levels against the right, a legend, the notes. */
export function svgChart(input: ChartInput): string {
    const width = 900;
    const height = 420;
    const left = 60;
    const right = 60;
    const top = 56 + 18 * (input.notes?.length ?? 0);
    const bottom = 80;
    const plotWidth = width - left - right;
    const plotHeight = height - top - bottom;
    const steps = Math.max(1, ...input.series.map((s) => s.values.length)) - 1 || 1;
    const rateMax = Math.max(1, ...input.series.filter((s) => !s.level).flatMap((s) => s.values));
    const levelMax = Math.max(1, ...input.series.filter((s) => s.level).flatMap((s) => s.values));
    const x = (i: number) => left + (i / steps) * plotWidth;
    const y = (v: number, level: boolean) => top + plotHeight - (v / (level ? levelMax : rateMax)) * plotHeight;
    const lines = input.series.map((s) => `<polyline fill="none" stroke="${s.colour}" stroke-width="2"${s.level ? " stroke-dasharray=\"6 3\"" : ""} points="${
        s.values.map((v, i) => `${x(i).toFixed(1)},${y(v, s.level === true).toFixed(1)}`).join(" ")}"/>`);
    const ticks = [0, 0.25, 0.5, 0.75, 1];
    const axis = [
        `<line x1="${left}" y1="${top + plotHeight}" x2="${left + plotWidth}" y2="${top + plotHeight}" stroke="#444"/>`,
        `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotHeight}" stroke="#444"/>`,
        `<line x1="${left + plotWidth}" y1="${top}" x2="${left + plotWidth}" y2="${top + plotHeight}" stroke="#444"/>`,
        ...ticks.map((t) => `<text x="${left - 6}" y="${(top + plotHeight - t * plotHeight + 4).toFixed(1)}" text-anchor="end">${Math.round(t * rateMax)}</text>`),
        ...ticks.map((t) => `<text x="${left + plotWidth + 6}" y="${(top + plotHeight - t * plotHeight + 4).toFixed(1)}">${Math.round(t * levelMax)}</text>`),
        ...ticks.map((t) => `<text x="${(left + t * plotWidth).toFixed(1)}" y="${top + plotHeight + 16}" text-anchor="middle">${Math.round(t * steps * input.step)} s</text>`),
        `<text x="${left - 40}" y="${top - 8}">per ${input.step} s</text>`,
        `<text x="${left + plotWidth - 10}" y="${top - 8}">messages</text>`,
    ];
    const legend = input.series.map((s, i) => `<g transform="translate(${left + i * 150},${height - 30})"><line x1="0" y1="-4" x2="24" y2="-4" stroke="${s.colour}" stroke-width="2"${
        s.level ? " stroke-dasharray=\"6 3\"" : ""}/><text x="30" y="0">${escape(s.name)}</text></g>`);
    const notes = (input.notes ?? []).map((note, i) => `<text x="${left}" y="${44 + i * 18}" class="note">${escape(note)}</text>`);
    return [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
        "<style>.note{fill:#333}</style>",
        `<rect width="${width}" height="${height}" fill="white"/>`,
        `<text x="${left}" y="24" font-size="16" font-weight="bold">${escape(input.title)}</text>`,
        ...notes,
        ...axis,
        ...lines,
        ...legend,
        "</svg>",
        "",
    ].join("\n");
}
