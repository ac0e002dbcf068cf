// IP address ranges as aws:SourceIp reads them: IPv4 and IPv6 addresses and CIDR blocks.

export interface AddressRange {
    readonly bits: 32 | 128;
    readonly start: bigint;
    readonly end: bigint;
}

/** An IPv4 or IPv6 address or CIDR block as the range of addresses it holds; undefined when it is neither. */
export function parseCidr(text: string): AddressRange | undefined {
    const [address, prefixText, extra] = text.split("/");
    if (extra !== undefined) {
        return undefined;
    }
    const v4 = parseIpv4(address);
    const v6 = v4 === undefined ? parseIpv6(address) : undefined;
    const bits = v4 !== undefined ? 32 : 128;
    const value = v4 ?? v6;
    if (value === undefined) {
        return undefined;
    }
    const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!(prefix >= 0 && prefix <= bits)) {
        return undefined;
    }
    const hostBits = BigInt(bits - prefix);
    const start = (value >> hostBits) << hostBits;
    return { bits, start, end: start + (1n << hostBits) - 1n };
}

/** Do the ranges of one family (32: IPv4, 128: IPv6) together hold every address of it? */
export function coversAddressFamily(ranges: readonly AddressRange[], bits: 32 | 128): boolean {
    const max = (1n << BigInt(bits)) - 1n;
    let reached = -1n;
    for (const { start, end } of ranges.filter((r) => r.bits === bits).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))) {
        if (start > reached + 1n) {
            return false;
        }
        reached = end > reached ? end : reached;
    }
    return reached >= max;
}

function parseIpv4(text: string): bigint | undefined {
    const parts = text.split(".");
    if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
        return undefined;
    }
    return parts.reduce((acc, p) => (acc << 8n) + BigInt(Number(p)), 0n);
}

function parseIpv6(text: string): bigint | undefined {
    const halves = text.split("::");
    if (halves.length > 2 || text === "") {
        return undefined;
    }
    const groups = (half: string) => (half === "" ? [] : half.split(":"));
    const head = groups(halves[0]);
    const tail = halves.length === 2 ? groups(halves[1]) : [];
    // An embedded IPv4 address (::ffff:192.0.2.1) takes the last two groups.
    const last = halves.length === 2 ? tail : head;
    if (last.length > 0 && last[last.length - 1].includes(".")) {
        const v4 = parseIpv4(last.pop()!);
        if (v4 === undefined) {
            return undefined;
        }
        last.push((v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
    }
    const missing = 8 - head.length - tail.length;
    if ((halves.length === 2 ? missing < 1 : missing !== 0) || [...head, ...tail].some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) {
        return undefined;
    }
    return [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail].reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n);
}
