// A typed client for forum-metrics, generated from openapi/openapi.json, called against a
// started server. `run` beside this file type-checks it (tsc, strict) and runs it; by hand:
//
//   npm ci && npm run generate && npm run build && FORUM_METRICS_URL=http://127.0.0.1:8080 npm start
//
// Each call below is one check; a failed check prints why, and the process exits 1.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/api.js";

type Problem = components["schemas"]["Problem"];

const baseUrl = process.env.FORUM_METRICS_URL;
if (baseUrl === undefined || baseUrl === "") {
    console.error("FORUM_METRICS_URL is not set: give the server's base URL, e.g. http://127.0.0.1:8080");
    process.exit(2);
}

// The 200 answers of the collection endpoints list three media types: application/json,
// text/csv and application/x-ndjson; errors are application/problem+json. By default
// openapi-fetch types `data` as the union of every media type of the 200 answer (the JSON
// envelope | string). The second type argument names the media types the client reads: with
// these two, `data` is the JSON envelope and `error` the Problem. (`${string}/json` would not
// do: it drops application/problem+json, and `error` becomes the whole content map.) The
// Accept header asks the server for the same; it answers JSON without one too.
type Json = "application/json" | "application/problem+json";
const client = createClient<paths, Json>({
    baseUrl,
    headers: { Accept: "application/json" },
});

class CheckFailed extends Error {}

function fail(message: string): never {
    throw new CheckFailed(message);
}

function check(condition: boolean, message: string): asserts condition {
    if (!condition) fail(message);
}

/** Describes an unexpected answer: its status and, for an error, the Problem's code and detail. */
function unexpected(response: Response, error?: Problem): string {
    return error === undefined
        ? `HTTP ${response.status}`
        : `HTTP ${response.status} ${error.code}: ${error.detail}`;
}

// 1. An edition's figures: the path parameter `year` is a number; the body is the JSON envelope.
async function editionFigures(): Promise<string> {
    const { data, error, response } = await client.GET("/api/v1/editions/{year}/figures", {
        params: { path: { year: 2025 } },
    });
    if (data === undefined) fail(`GET /api/v1/editions/2025/figures: ${unexpected(response, error)}`);
    check(data.items.length > 0, "edition 2025 has no metric headlines");
    const participants = data.items.find((item) => item.metric.code === "participants");
    check(participants !== undefined, "edition 2025 has no `participants` headline");
    const headline = participants.headline;
    check(headline !== undefined && headline !== null, "the `participants` headline is null");
    check(headline.value > 0, `the participants headline is ${headline.value}, not a positive number`);
    check(participants.reason.length > 0, "the participants headline gives no reason");
    // SourceRef is a source's key (a string) or, with `expand=source`, the source itself.
    const source = typeof headline.source === "string" ? headline.source : headline.source.key;
    return (
        `participants ${headline.qualifier} ${headline.value} (${headline.status}, from ${source}; ` +
        `${participants.figure_count} figures, disputed: ${participants.disputed}; ${participants.reason})`
    );
}

// 2. A page of figures: `limit` and `edition` are numbers.
async function figuresPage(): Promise<string> {
    const { data, error, response } = await client.GET("/api/v1/figures", {
        params: { query: { limit: 5, edition: 2025 } },
    });
    if (data === undefined) fail(`GET /api/v1/figures?limit=5&edition=2025: ${unexpected(response, error)}`);
    check(data.items.length > 0 && data.items.length <= 5, `a page of limit 5 has ${data.items.length} items`);
    check(data.limit === 5, `the page says its limit is ${data.limit}, not 5`);
    check(data.total > 5, `edition 2025 has only ${data.total} figures; expected more than one page`);
    check(typeof data.next === "string", "the first of several pages has no `next` link");
    check(data.items.every((figure) => figure.edition === 2025), "a figure of another edition is on the page");
    check(
        response.headers.get("X-Total-Count") === String(data.total),
        `X-Total-Count is ${response.headers.get("X-Total-Count")}, the body's total ${data.total}`,
    );
    return `${data.items.length} of ${data.total} figures; next page ${data.next}`;
}

// 3. A 404: `error` is the Problem schema, so `error.code` is a typed field.
async function missingEdition(): Promise<string> {
    const { data, error, response } = await client.GET("/api/v1/editions/{year}", {
        params: { path: { year: 1999 } },
    });
    check(data === undefined, `GET /api/v1/editions/1999 answered ${response.status} with an edition`);
    check(error !== undefined, `GET /api/v1/editions/1999 answered ${response.status} with no body`);
    const code: string = error.code;
    check(response.status === 404, `GET /api/v1/editions/1999: ${unexpected(response, error)}, not 404`);
    check(code === "not_found", `the 404's code is ${code}, not not_found`);
    check(error.status === 404, `the Problem's status is ${error.status}, not 404`);
    check(
        response.headers.get("Content-Type")?.startsWith("application/problem+json") === true,
        `the 404 is ${response.headers.get("Content-Type")}, not application/problem+json`,
    );
    return `404 ${code}: ${error.detail}`;
}

// 4. The same figures as CSV: ask for the media type and read the body as text.
async function figuresCsv(): Promise<string> {
    const { data, error, response } = await client.GET("/api/v1/figures", {
        params: { query: { limit: 5, edition: 2025 } },
        headers: { Accept: "text/csv" },
        parseAs: "text",
    });
    if (data === undefined) fail(`GET /api/v1/figures as CSV: ${unexpected(response, error)}`);
    const csv: string = data;
    const lines = csv.trimEnd().split(/\r?\n/);
    check(response.headers.get("Content-Type")?.startsWith("text/csv") === true, "the CSV answer is not text/csv");
    check(lines.length === 6, `5 figures as CSV are ${lines.length} lines, not a header and 5 rows`);
    return `CSV header: ${lines[0]}`;
}

/** A failed check's message; for anything else (the server is unreachable, say) the error and its cause. */
function describe(e: unknown): string {
    if (e instanceof CheckFailed) return e.message;
    if (e instanceof Error) return e.cause instanceof Error ? `${e.message} (${e.cause.message})` : e.message;
    return String(e);
}

const checks: [string, () => Promise<string>][] = [
    ["edition figures", editionFigures],
    ["page of figures", figuresPage],
    ["404 with its code", missingEdition],
    ["figures as CSV", figuresCsv],
];

let passed = 0;
let failed = 0;
for (const [name, run] of checks) {
    try {
        console.log(`ok   ${name}: ${await run()}`);
        passed += 1;
    } catch (e) {
        failed += 1;
        console.error(`FAIL ${name}: ${describe(e)}`);
    }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
