// Generates sim/loader/api_fields_table.cc: the fields of every API type of the kinds kreach decodes, read from
// the type declarations of the npm packages kubernetes-models and @kubernetes-models/apimachinery (MIT, generated
// by their authors from the Kubernetes OpenAPI document). Run it when the Kubernetes release it reads changes:
//
//   node sim/loader/gen_api_fields.mjs            # fetches the pinned packages with `npm pack` into a temp dir
//   node sim/loader/gen_api_fields.mjs DIR DIR    # or reads the two unpacked `package/` folders given
//
// The output is committed; a build never runs this script (nor needs the network).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const kPackages = ["kubernetes-models@5.1.0", "@kubernetes-models/apimachinery@3.0.2"];

// The kinds kreach decodes: apiVersion, kind, and the declared type of the whole object. Keep in step with
// kDecodedKinds in api_fields.cc's users (decode_document.cc) and docs/scenario-format.md ("Kinds").
const kRoots = [
  ["v1", "Namespace", "IIoK8sApiCoreV1Namespace"],
  ["v1", "Node", "IIoK8sApiCoreV1Node"],
  ["v1", "Pod", "IIoK8sApiCoreV1Pod"],
  ["v1", "Service", "IIoK8sApiCoreV1Service"],
  ["v1", "ReplicationController", "IIoK8sApiCoreV1ReplicationController"],
  ["apps/v1", "Deployment", "IIoK8sApiAppsV1Deployment"],
  ["apps/v1", "ReplicaSet", "IIoK8sApiAppsV1ReplicaSet"],
  ["apps/v1", "StatefulSet", "IIoK8sApiAppsV1StatefulSet"],
  ["apps/v1", "DaemonSet", "IIoK8sApiAppsV1DaemonSet"],
  ["batch/v1", "Job", "IIoK8sApiBatchV1Job"],
  ["batch/v1", "CronJob", "IIoK8sApiBatchV1CronJob"],
  ["discovery.k8s.io/v1", "EndpointSlice", "IIoK8sApiDiscoveryV1EndpointSlice"],
  ["networking.k8s.io/v1", "Ingress", "IIoK8sApiNetworkingV1Ingress"],
  ["networking.k8s.io/v1", "IngressClass", "IIoK8sApiNetworkingV1IngressClass"],
  ["networking.k8s.io/v1", "NetworkPolicy", "IIoK8sApiNetworkingV1NetworkPolicy"],
];

function fetchPackages() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kreach-api-fields-"));
  const out = [];
  for (const spec of kPackages) {
    const tgz = execFileSync("npm", ["pack", "--silent", spec], { cwd: dir, encoding: "utf8" }).trim().split("\n").pop();
    const into = path.join(dir, tgz.replace(/\.tgz$/, ""));
    fs.mkdirSync(into);
    execFileSync("tar", ["xzf", path.join(dir, tgz), "-C", into]);
    out.push(path.join(into, "package"));
  }
  return out;
}

function* declarationFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && entry.name !== "_schemas") yield* declarationFiles(full);
    } else if (entry.name.endsWith(".d.ts")) {
      yield full;
    }
  }
}

// --- A tokenizer and parser for the small part of TypeScript the declarations use.

function tokenize(text) {
  const tokens = [];
  const re = /\s+|\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[A-Za-z_$][\w$]*|-?\d+(?:\.\d+)?|[{}\[\]<>():;|,?=.*&]/gy;
  let m;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    const t = m[0];
    if (/^\s/.test(t) || t.startsWith("/*") || t.startsWith("//")) continue;
    tokens.push(t);
  }
  if (re.lastIndex < text.length) throw new Error("cannot tokenize at: " + text.slice(re.lastIndex, re.lastIndex + 40));
  return tokens;
}

class Parser {
  constructor(tokens, file) {
    this.t = tokens;
    this.i = 0;
    this.file = file;
  }
  peek(k = 0) { return this.t[this.i + k]; }
  next() { return this.t[this.i++]; }
  expect(tok) {
    const got = this.next();
    if (got !== tok) throw new Error(`${this.file}: expected ${tok}, found ${got}`);
  }
  // type := primary ('|' primary)* ; primary := Array<type> | {[k: string]: type;} | {} | name | literal
  type() {
    const members = [this.primary()];
    while (this.peek() === "|") {
      this.next();
      members.push(this.primary());
    }
    return members.length === 1 ? members[0] : { union: members };
  }
  primary() {
    const tok = this.next();
    if (tok === "Array") {
      this.expect("<");
      const element = this.type();
      this.expect(">");
      return { list: element };
    }
    if (tok === "{") {
      if (this.peek() === "}") {
        this.next();
        return { any: true };
      }
      if (this.peek() !== "[") return { inline: this.members() };  // an object type written in place
      this.expect("[");
      this.next();  // key
      this.expect(":");
      this.expect("string");
      this.expect("]");
      this.expect(":");
      const value = this.type();
      if (this.peek() === ";") this.next();
      this.expect("}");
      return { map: value };
    }
    if (tok.startsWith('"') || tok.startsWith("'") || /^-?\d/.test(tok)) return { scalar: true };
    if (["string", "number", "boolean"].includes(tok)) return { scalar: true };
    if (["any", "unknown", "object"].includes(tok)) return { any: true };
    if (/^[A-Za-z_$]/.test(tok)) return { ref: tok };
    throw new Error(`${this.file}: unexpected token ${tok} in a type`);
  }
  // The members of an interface body, after its "{".
  members() {
    const fields = [];
    while (this.peek() !== "}") {
      let name = this.next();
      if (name.startsWith('"')) name = JSON.parse(name);
      if (this.peek() === "?") this.next();
      this.expect(":");
      fields.push({ name, type: this.type() });
      if (this.peek() === ";") this.next();
    }
    this.next();
    return fields;
  }
}

// Reads every declaration file: interfaces and type aliases by their exported long name (IIoK8s...).
function readDeclarations(roots) {
  const interfaces = new Map();
  const aliases = new Map();
  for (const root of roots) {
    for (const file of declarationFiles(root)) {
      const tokens = tokenize(fs.readFileSync(file, "utf8"));
      const p = new Parser(tokens, file);
      const local = new Map();  // local name -> {fields} or {alias}
      const exported = new Map();  // local name -> long name
      while (p.i < tokens.length) {
        const tok = p.next();
        if (tok === "export" && p.peek() === "interface") {
          p.next();
          const name = p.next();
          while (p.peek() !== "{") p.next();  // extends ...
          p.next();
          local.set(name, { fields: p.members() });
        } else if (tok === "export" && p.peek() === "type" && p.peek(1) === "{") {
          p.next();
          p.next();
          while (p.peek() !== "}") {
            const from = p.next();
            p.expect("as");
            exported.set(from, p.next());
            if (p.peek() === ",") p.next();
          }
        } else if (tok === "export" && p.peek() === "type" && p.peek(2) === "=") {
          p.next();
          const name = p.next();
          p.expect("=");
          local.set(name, { alias: p.type() });
        } else if (tok === "export" && p.peek() === "declare") {
          // A class repeating the interface: skip to the end of its body.
          while (p.peek() !== "{") p.next();
          let depth = 0;
          do {
            const t = p.next();
            if (t === "{") depth++;
            if (t === "}") depth--;
          } while (depth > 0);
        }
      }
      for (const [from, long] of exported) {
        const decl = local.get(from);
        if (!decl) continue;
        if (decl.fields) interfaces.set(long, decl.fields);
        else aliases.set(long, decl.alias);
      }
    }
  }
  return { interfaces, aliases };
}

// --- The table: types numbered in the order they are first reached from the roots.

function buildTable({ interfaces, aliases }) {
  const types = [];  // {kind: "scalar"|"any"|"list"|"map"|"object", element, fields, name}
  const byKey = new Map();
  const intern = (key, make) => {
    if (byKey.has(key)) return byKey.get(key);
    const index = types.length;
    byKey.set(key, index);
    types.push(null);
    types[index] = make();
    return index;
  };
  const kScalar = intern("scalar", () => ({ kind: "scalar", name: "scalar" }));
  const kAny = intern("any", () => ({ kind: "any", name: "any" }));
  const resolve = (t) => {
    if (t.scalar) return kScalar;
    if (t.any) return kAny;
    if (t.union) {
      const parts = t.union.map(resolve);
      return parts.every((x) => x === kScalar) ? kScalar : kAny;
    }
    if (t.list) {
      const element = resolve(t.list);
      return intern(`list:${element}`, () => ({ kind: "list", element, name: `list of ${types[element].name}` }));
    }
    if (t.map) {
      const element = resolve(t.map);
      return intern(`map:${element}`, () => ({ kind: "map", element, name: `map of ${types[element].name}` }));
    }
    if (t.inline) return object(`inline:${inlines.indexOf(t) < 0 ? inlines.push(t) - 1 : inlines.indexOf(t)}`,
                                `${where}.inline`, t.inline);
    if (aliases.has(t.ref)) return resolve(aliases.get(t.ref));
    const fields = interfaces.get(t.ref);
    if (!fields) throw new Error(`unknown type ${t.ref}`);
    return object(`ref:${t.ref}`, t.ref.replace(/^IIoK8s(Api|ApimachineryPkgApis|ApimachineryPkg)?/, ""), fields);
  };
  const inlines = [];
  let where = "";
  const object = (key, shortName, fields) => {
    if (fields.length === 0) return kAny;  // free-form: RawExtension, FieldsV1, JSON
    const fresh = !byKey.has(key);
    const index = intern(key, () => ({ kind: "object", name: shortName, fields: [] }));
    if (fresh) {
      types[index].fields = fields
          .map((f) => ({ name: f.name, type: -1, decl: f.type }))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const f of types[index].fields) {
        const saved = where;
        where = `${shortName}.${f.name}`;
        f.type = resolve(f.decl);
        where = saved;
      }
    }
    return index;
  };
  const kinds = kRoots.map(([apiVersion, kind, ref]) => ({ apiVersion, kind, type: resolve({ ref }) }));
  return { types, kinds };
}

function cString(s) { return JSON.stringify(s); }

function emit({ types, kinds }) {
  const lines = [];
  lines.push("// Generated by sim/loader/gen_api_fields.mjs from the npm packages " + kPackages.join(" and ") + ";");
  lines.push("// do not edit. The fields of every API type of the kinds kreach decodes (api_fields.h).");
  lines.push('#include "sim/loader/api_fields.h"');
  lines.push("");
  lines.push("namespace kreach {");
  lines.push("");
  lines.push("namespace {");
  lines.push("");
  const fields = [];
  const firsts = [];
  for (const t of types) {
    firsts.push(fields.length);
    for (const f of t.fields || []) fields.push(f);
  }
  lines.push(`const ApiField kFields[${Math.max(fields.length, 1)}] = {`);
  for (const f of fields) lines.push(`    {${cString(f.name)}, ${f.type}},`);
  lines.push("};");
  lines.push("");
  const kindName = { scalar: "kScalar", any: "kAny", list: "kList", map: "kMap", object: "kObject" };
  lines.push(`const ApiType kTypes[${types.length}] = {`);
  types.forEach((t, i) => {
    const count = t.fields ? t.fields.length : 0;
    const element = t.element ?? 0;
    lines.push(`    {ApiType::Kind::${kindName[t.kind]}, ${element}, ${count ? firsts[i] : 0}, ${count}, ${cString(t.name)}},`);
  });
  lines.push("};");
  lines.push("");
  lines.push(`const ApiKind kKinds[${kinds.length}] = {`);
  for (const k of kinds) lines.push(`    {${cString(k.apiVersion)}, ${cString(k.kind)}, ${k.type}},`);
  lines.push("};");
  lines.push("");
  lines.push("}  // namespace");
  lines.push("");
  lines.push("ApiTable BuiltinApiTable() {");
  lines.push("  return ApiTable{kTypes, sizeof kTypes / sizeof kTypes[0], kFields, sizeof kFields / sizeof kFields[0], kKinds,");
  lines.push("                  sizeof kKinds / sizeof kKinds[0], " + cString(kPackages.join(", ")) + "};");
  lines.push("}");
  lines.push("");
  lines.push("}  // namespace kreach");
  return lines.join("\n") + "\n";
}

const args = process.argv.slice(2);
const roots = args.length === 2 ? args : fetchPackages();
const table = buildTable(readDeclarations(roots));
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "api_fields_table.cc");
fs.writeFileSync(out, emit(table));
console.log(`${out}: ${table.types.length} types, ${table.kinds.length} kinds`);
