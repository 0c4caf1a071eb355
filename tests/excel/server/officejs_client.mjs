// A real Office.js custom-functions client, run in Node instead of Excel.
//
// It loads, from a running `roi-xl serve`, exactly what Excel's shared runtime
// loads: the task pane's configuration, the xlwings HTTP helper
// (/static/js/utils.js, an ES module) and the generated custom-functions script
// (/xlwings/custom-functions-code.js, a classic script that registers one stub
// per function with CustomFunctions.associate). Only what Excel itself provides
// is shimmed, as small as the script needs: Office (onReady, requirement sets),
// Excel (a request context with the workbook name and the culture), CustomFunctions
// (associate, Error, ErrorCode), window.location and XMLHttpRequest (over
// node:http, loopback only: nothing leaves this machine).
//
// Usage: node officejs_client.mjs BASE_URL < calls.json > results.json
//   calls.json: [{"name": "CS_ROI", "args": [[[400000]], [[100000]]]}, ...]
//   results.json: {"registered": [...], "results": [{"value": ...} | {"error":
//   {"code": ..., "message": ...}}, ...], "seconds": [...], "cpuSeconds": [...]}
//   (wall-clock and this process's CPU seconds of each call)
// Exit code 1 (with the reason on stderr) when anything but an Excel error goes wrong.

import http from "node:http";
import https from "node:https";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import vm from "node:vm";

const base = process.argv[2];
if (!base) {
  console.error("usage: node officejs_client.mjs BASE_URL < calls.json");
  process.exit(2);
}

function isLoopback(url) {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

// --- XMLHttpRequest: the subset xlwings's utils.js uses, over node:http(s) ------
class XMLHttpRequest {
  open(method, url) {
    if (!isLoopback(url)) {
      throw new Error(`refused a request off this machine: ${url}`);
    }
    this.method = method;
    this.url = url;
    this.headers = {};
    this.timeout = 0;
  }
  setRequestHeader(name, value) {
    this.headers[name] = value;
  }
  getResponseHeader(name) {
    const value = this.responseHeaders?.[name.toLowerCase()];
    return value === undefined ? null : String(value);
  }
  send(body) {
    const client = this.url.startsWith("https:") ? https : http;
    const request = client.request(
      this.url,
      { method: this.method, headers: this.headers, timeout: this.timeout || undefined },
      (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () => {
          this.status = response.statusCode;
          this.statusText = response.statusMessage;
          this.responseHeaders = response.headers;
          this.responseText = Buffer.concat(chunks).toString("utf8");
          this.onload();
        });
      },
    );
    request.on("timeout", () => {
      request.destroy();
      this.ontimeout();
    });
    request.on("error", () => this.onerror());
    request.end(body ?? undefined);
  }
}
globalThis.XMLHttpRequest = XMLHttpRequest;

// --- What Excel provides ------------------------------------------------------
const SUPPORTED = { CustomFunctionsRuntime: "1.4", ExcelApi: "1.12", SharedRuntime: "1.1" };
function versionAtMost(wanted, have) {
  const [a, b] = [wanted, have].map((v) => v.split(".").map(Number));
  return a[0] < b[0] || (a[0] === b[0] && (a[1] ?? 0) <= (b[1] ?? 0));
}
globalThis.Office = {
  onReady(callback) {
    const info = { host: "Excel", platform: "OfficeOnline" };
    if (callback) callback(info);
    return Promise.resolve(info);
  },
  context: {
    requirements: {
      isSetSupported: (name, version) =>
        name in SUPPORTED && versionAtMost(version ?? "1.1", SUPPORTED[name]),
    },
  },
};

class RequestContext {
  constructor() {
    this.workbook = { name: "roi_xl-client-test.xlsx", load() {} };
    this.application = {
      cultureInfo: {
        name: "en-US",
        load() {},
        datetimeFormat: { shortDatePattern: "M/d/yyyy", load() {} },
      },
    };
  }
  async sync() {}
}
globalThis.Excel = { RequestContext, run: async (batch) => batch(new RequestContext()) };

const registered = new Map();
class CustomFunctionsError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
globalThis.CustomFunctions = {
  associate(id, fn) {
    registered.set(id, fn);
  },
  Error: CustomFunctionsError,
  ErrorCode: {
    invalidValue: "#VALUE!",
    notAvailable: "#N/A",
    divisionByZero: "#DIV/0!",
    invalidNumber: "#NUM!",
    nullReference: "#NULL!",
    invalidName: "#NAME?",
    invalidReference: "#REF!",
  },
};
globalThis.window = { location: { origin: base } };

// --- Load what the server serves, as the task pane would ----------------------
async function get(path) {
  const response = await new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("GET", base + path);
    xhr.onload = () => resolve(xhr);
    xhr.onerror = () => reject(new Error(`GET ${path}: no answer from ${base}`));
    xhr.ontimeout = xhr.onerror;
    xhr.timeout = 30000;
    xhr.send(null);
  });
  if (response.status !== 200) {
    throw new Error(`GET ${path}: HTTP ${response.status}`);
  }
  return response.responseText;
}

const taskpane = await get("/taskpane.html");
const configJson = taskpane.match(/<script id="config" type="application\/json">([\s\S]*?)<\/script>/);
if (!configJson) {
  throw new Error("the task pane has no configuration script");
}
globalThis.config = JSON.parse(configJson[1]);

const utilsSource = await get("/static/js/utils.js");
const utils = await import(
  "data:text/javascript;base64," + Buffer.from(utilsSource).toString("base64")
);
if (!globalThis.xwRequest) {
  throw new Error("utils.js did not publish globalThis.xwRequest");
}
// The two helpers the custom-functions script takes from the task pane's xlwings namespace.
globalThis.xlwings = {
  getCultureInfoName: utils.getCultureInfoName,
  getDateFormat: utils.getDateFormat,
};

const code = await get("/xlwings/custom-functions-code.js");
vm.runInThisContext(code, { filename: "custom-functions-code.js" });

// --- Call the functions as Excel does: arguments, then the invocation ----------
const calls = JSON.parse(readFileSync(0, "utf8"));
const results = [];
const seconds = [];
const cpuSeconds = [];
for (const { name, args } of calls) {
  const fn = registered.get(name);
  if (!fn) {
    results.push({ missing: name });
    seconds.push(null);
    cpuSeconds.push(null);
    continue;
  }
  const invocation = { address: "Sheet1!B2", setResult() {} };
  const start = performance.now();
  const cpu = process.cpuUsage();
  try {
    results.push({ value: await fn(...args, invocation) });
  } catch (error) {
    if (!(error instanceof CustomFunctionsError)) {
      throw error;
    }
    results.push({ error: { code: error.code, message: error.message } });
  }
  seconds.push((performance.now() - start) / 1000);
  const used = process.cpuUsage(cpu);
  cpuSeconds.push((used.user + used.system) / 1e6);
}
process.stdout.write(
  JSON.stringify({ registered: [...registered.keys()], results, seconds, cpuSeconds }),
);
