import assert from "node:assert/strict";

import { svgChart, terminalChart } from "../local/chart";

const INPUT = {
    title: "Orders & <queues>",
    step: 1,
    notes: ["peak queue depth 4"],
    series: [
        { name: "arrivals", values: [0, 8, 4, 0], colour: "#1f77b4" },
        { name: "queue depth", values: [0, 2, 4, 1], colour: "#ff7f0e", level: true },
    ],
};

describe("charts of a demo run", () => {
    it("draw a sparkline per series in the terminal, scaled to its own maximum", () => {
        assert.equal(terminalChart(INPUT), [
            "Orders & <queues>",
            "peak queue depth 4",
            "arrivals      █▄   max 8",
            "queue depth   ▄█▂  max 4",
            "             0 s 4 s",
        ].join("\n"));
    });

    it("draw an SVG with a line per series, rates on the left axis and levels on the right, text escaped", () => {
        const svg = svgChart(INPUT);
        assert.ok(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert.ok(svg.includes("Orders &amp; &lt;queues&gt;"));
        const lines = [...svg.matchAll(/<polyline fill="none" stroke="(#[0-9a-f]{6})" stroke-width="2"( stroke-dasharray="6 3")? points="([^"]*)"\/>/g)];
        assert.deepEqual(lines.map((l) => [l[1], Boolean(l[2])]), [["#1f77b4", false], ["#ff7f0e", true]]);
        // Each line's highest point is its own axis's top: 8 arrivals and 4 messages both reach y = top.
        const tops = lines.map((l) => Math.min(...l[3].split(" ").map((p) => Number(p.split(",")[1]))));
        assert.deepEqual(tops, [74, 74]);
        // Title, note, 3 × 5 axis ticks and 2 axis labels, 2 legend entries.
        assert.equal(svg.match(/<text /g)!.length, 1 + 1 + 15 + 2 + 2);
    });
});
