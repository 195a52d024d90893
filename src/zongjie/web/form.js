// zongjie serve: the form. It is generated from zongjie's JSON Schema (GET /api/schema), so it
// follows the facts model: a key the model gains appears here with no change to this file.
// The form's state (`root`) is the facts with tables as {__rows: [{k, v}]} and figures as text;
// fromUi() turns it back into facts. app.js does the rest (preview, diagnostics, files).
"use strict";

const TEXTAREA = new Set(["内容", "开头", "结尾", "说明", "简介"]);

let schema = null;
let root = null; // the form's state: facts with maps as {__rows: [{k, v}]} and quantities as text
let serial = 0;
let shown = new Set(); // descriptions already on the page: each is printed once, then a tooltip
let quiet = 0; // inside a row of a table: descriptions only as tooltips
let collapsed = new Map(); // path of an object sent in its short form → path of the field it is

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

// ------------------------------------------------------------------ the schema

function deref(s) {
  while (s && s.$ref) {
    const { $ref, ...rest } = s;
    s = { ...schema.$defs[$ref.split("/").pop()], ...rest };
  }
  return s || {};
}

function isScalar(s) {
  return ["string", "number", "integer"].includes(s.type) && !s.enum;
}

// The string form of an object (单位: 城关镇 for {名称: 城关镇}; a plain item for {内容: …}).
function shorthand(obj) {
  const req = obj.required || [];
  if (req.length === 1) return req[0];
  if (!req.length && obj.properties && obj.properties["内容"]) return "内容";
  return null;
}

function kindOf(s) {
  s = deref(s);
  if (s.enum) return { kind: "enum", s };
  if (s.type === "boolean") return { kind: "bool", s };
  if (s.type === "string") return { kind: "text", s };
  if (s.type === "number" || s.type === "integer") return { kind: "qty", s };
  if (s.anyOf) {
    const vs = s.anyOf.map(deref);
    const named = (v) => ({ ...v, title: s.title || v.title, description: s.description || v.description });
    if (vs.every(isScalar)) return { kind: vs.some((v) => v.type !== "string") ? "qty" : "text", s };
    if (vs.every((v) => v.enum || v.type === "boolean")) { // 文件: 是 / true
      const values = [...new Set(vs.flatMap((v) => v.enum || []))];
      return { kind: "enum", s: { ...s, enum: values } };
    }
    const obj = vs.find((v) => v.type === "object" && v.properties);
    const str = vs.find((v) => v.type === "string" && !v.enum);
    const list = vs.find((v) => v.type === "array" && kindOf(v.items || {}).kind === "text");
    if (obj && str && shorthand(obj)) return { kind: "object", s: named(obj), short: shorthand(obj) };
    if (list && str && vs.length === 2) { // 抄送: one name, or a list of names
      return { kind: "strings", s: named(list), item: kindOf(list.items), single: true };
    }
    if (vs.length === 2) return { kind: "choice", s, variants: vs.map(named) };
    return { kind: "json", s };
  }
  if (s.type === "object") {
    if (s.properties && Object.keys(s.properties).length) return { kind: "object", s };
    if (s.additionalProperties && typeof s.additionalProperties === "object") return { kind: "map", s };
    return { kind: "json", s };
  }
  if (s.type === "array") {
    const item = kindOf(s.items || {});
    if (item.kind === "text" || item.kind === "qty") return { kind: "strings", s, item };
    if (item.kind === "object") return { kind: "items", s, item };
    return { kind: "json", s };
  }
  return { kind: "json", s };
}

// ------------------------------------------------------------------ facts ⇄ form state

function toUi(s, v) {
  const k = kindOf(s);
  switch (k.kind) {
    case "enum": {
      if (typeof v === "boolean" && k.s.enum.includes("是")) return v ? "是" : "否";
      return v === undefined || v === null ? "" : String(v);
    }
    case "text": return v === undefined || v === null ? "" : String(v);
    case "qty": return v === undefined || v === null ? "" : String(v);
    case "bool": return v === true || v === "是";
    case "object": {
      if (k.short && v !== undefined && v !== null && typeof v !== "object") v = { [k.short]: v };
      const out = {};
      const src = v && typeof v === "object" && !Array.isArray(v) ? v : {};
      for (const [key, ps] of Object.entries(k.s.properties)) out[key] = toUi(ps, src[key]);
      for (const key of Object.keys(src)) if (!(key in k.s.properties)) out[key] = src[key];
      return out;
    }
    case "choice": {
      const i = Math.max(0, k.variants.findIndex((variant) => fits(variant, v)));
      return { __v: i, u: toUi(k.variants[i], v) };
    }
    case "map": {
      const src = v && typeof v === "object" ? v : {};
      return { __rows: Object.entries(src).map(([key, val]) => ({ k: key, v: toUi(k.s.additionalProperties, val) })) };
    }
    case "strings": {
      if (k.single && typeof v === "string") return [v];
      return Array.isArray(v) ? v.map((x) => toUi(k.s.items, x)) : [];
    }
    case "items": return Array.isArray(v) ? v.map((x) => toUi(k.s.items, x)) : [];
    default: return v === undefined ? "" : JSON.stringify(v);
  }
}

// Whether a value is written in this variant of an anyOf (表格: a built-in name, or rows).
function fits(s, v) {
  const k = kindOf(s);
  if (v === undefined || v === null) return false;
  if (k.kind === "enum") return k.s.enum.includes(v);
  if (k.kind === "text") return typeof v === "string";
  if (k.kind === "qty") return typeof v === "string" || typeof v === "number";
  if (k.kind === "bool") return typeof v === "boolean";
  if (k.kind === "object" || k.kind === "map") return typeof v === "object" && !Array.isArray(v);
  if (k.kind === "strings" || k.kind === "items") return Array.isArray(v);
  return k.s.type === "array" ? Array.isArray(v) : true;
}

function number(text) {
  const t = text.trim();
  return /^\d+(\.\d+)?$/.test(t) && String(Number(t)) === t ? Number(t) : t;
}

// The facts of a form state; `required` keeps an empty value so the server names the missing field.
function fromUi(s, u, required = false, local = null, path = "") {
  const k = kindOf(s);
  const empty = (x) => (required ? x : undefined);
  switch (k.kind) {
    case "enum": case "text": return typeof u === "string" && u.trim() ? u : empty("");
    case "qty": return typeof u === "string" && u.trim() ? number(u) : empty("");
    case "bool": return u ? true : undefined;
    case "object": {
      if (!required && !hasContent(u)) return undefined; // its required keys matter only once it is used
      const out = {};
      const req = new Set(k.s.required || []);
      for (const [key, ps] of Object.entries(k.s.properties)) {
        const val = fromUi(ps, u[key], req.has(key), local, join(path, key));
        if (val !== undefined) out[key] = val;
      }
      for (const key of Object.keys(u)) if (!(key in k.s.properties)) out[key] = u[key];
      const keys = Object.keys(out);
      if (k.short && keys.length === 1 && keys[0] === k.short && typeof out[k.short] !== "object") {
        collapsed.set(path, join(path, k.short)); // 单位: X镇 — its diagnostics belong to 单位.名称
        return out[k.short];
      }
      return keys.length ? out : empty(k.short === "内容" ? {} : undefined);
    }
    case "choice": return fromUi(k.variants[u.__v], u.u, required, local, path);
    case "map": {
      const out = {};
      for (const row of u.__rows) {
        const key = row.k.trim();
        const val = fromUi(k.s.additionalProperties, row.v, false, local, join(path, key));
        if (!key && val === undefined) continue;
        if (!key) { local && local.push(diag(path, "请填写这一行的项目名称，或删去这一行。")); continue; }
        if (key in out) local && local.push(diag(join(path, key), `“${key}”写了两次：请合并或改名。`));
        out[key] = val === undefined ? "" : val;
      }
      return Object.keys(out).length ? out : empty({});
    }
    case "strings": {
      if (k.single) { // one entry is written as itself, several as a list
        const names = u.filter((x) => x.trim());
        return names.length > 1 ? names : names.length ? names[0] : empty("");
      }
      const out = u.map((x, i) => fromUi(k.s.items, x, true, local, `${path}[${i}]`));
      return out.length ? out : empty([]);
    }
    case "items": {
      const out = u.map((x, i) => fromUi(k.s.items, x, true, local, `${path}[${i}]`));
      return out.length ? out : empty([]);
    }
    default: {
      if (!u.trim()) return empty(undefined);
      try { return JSON.parse(u); } catch (e) { local && local.push(diag(path, "这里须填 JSON，格式不正确。")); return undefined; }
    }
  }
}

function diag(path, message) {
  return { severity: "error", code: "form", path, message, line: 0, column: 0 };
}

function join(path, key) {
  return path ? `${path}.${key}` : key;
}

function facts(local = null) {
  collapsed = new Map();
  return fromUi(schema, root, true, local);
}

function blank() {
  return toUi(schema, { 文种: "年度工作总结", 单位: { 名称: "" }, 期间: "", 主要做法: [{}], 存在问题: [{}], 下步打算: [{}] });
}

// ------------------------------------------------------------------ the form

function hasContent(u) {
  if (typeof u === "string") return u.trim() !== "";
  if (Array.isArray(u)) return u.length > 0;
  if (u && typeof u === "object") return Object.entries(u).some(([key, x]) => key !== "__v" && hasContent(x));
  return !!u;
}

function context(ctx) {
  return ctx ? el("span", { class: "visually-hidden", text: `（${ctx}）` }) : null;
}

function describe(text, id) {
  if (!text || quiet) return null;
  if (shown.has(text)) return null;
  shown.add(text);
  return el("span", { class: "desc", id, text });
}

function field(path, id, label, s, required, ctx, control) {
  const desc = describe(s.description, `${id}-desc`);
  if (!desc && s.description) control.title = s.description;
  control.setAttribute("aria-describedby", `${desc ? id + "-desc " : ""}${id}-diag`);
  if (required) control.setAttribute("aria-required", "true");
  return el("div", { class: "field", "data-path": path },
    el("label", { for: id }, label, context(ctx)),
    required ? el("span", { class: "req", title: "必填", "aria-hidden": "true", text: "*" }) : null,
    control, desc, el("span", { class: "diag", id: `${id}-diag`, hidden: true }));
}

function input(holder, key, s, kind) {
  const id = `f${++serial}`;
  const value = holder[key];
  let control;
  if (kind === "enum") {
    control = el("select", { id }, el("option", { value: "", text: "（请选择）" }),
      ...s.enum.map((o) => el("option", { value: o, text: o, selected: o === value })));
  } else if (kind === "bool") {
    control = el("input", { id, type: "checkbox", checked: !!value });
  } else if (TEXTAREA.has(key)) {
    control = el("textarea", { id, rows: 3 });
    control.value = value;
  } else {
    control = el("input", { id, type: s.format === "date" ? "date" : "text" });
    control.value = value;
    if (kind === "qty") control.setAttribute("inputmode", "text");
  }
  const update = () => { holder[key] = kind === "bool" ? control.checked : control.value; changed(); };
  control.addEventListener(kind === "enum" || kind === "bool" ? "change" : "input", update);
  return [id, control];
}

// One property of an object (or one element of a list): holder[key] is its form state.
function build(s, holder, key, path, label, required, depth, ctx) {
  const k = kindOf(s);
  s = k.s;
  const title = label || s.title || key;
  if (["enum", "text", "qty", "bool", "json"].includes(k.kind)) {
    const [id, control] = input(holder, key, s, k.kind === "json" ? "text" : k.kind);
    return field(path, id, k.kind === "json" ? `${title}（JSON）` : title, s, required, ctx, control);
  }
  if (k.kind === "choice") return choice(k, holder, key, path, title, required, depth, ctx);
  if (k.kind === "object") return object(k, holder[key], path, title, required, depth, ctx);
  if (k.kind === "map") return map(k, holder[key], path, title, ctx);
  if (k.kind === "strings") return strings(k, holder[key], path, title, ctx);
  return items(k, holder[key], path, title, depth, ctx);
}

function group(path, title, s, required, ctx, open) {
  const box = el("fieldset", { "data-path": path });
  box.append(el("legend", {}, title, required ? el("span", { class: "req", "aria-hidden": "true", text: "*" }) : null, context(ctx)));
  if (s.description !== title) box.append(describe(s.description, null) || "");
  box.append(el("span", { class: "diag", hidden: true }));
  if (open === null) return box;
  box.querySelector("legend").classList.add("visually-hidden"); // the summary shows the title
  const details = el("details", { class: "section", open: open || undefined }, el("summary", { text: title }), box);
  details.dataset.path = path;
  return details;
}

// A figure that may also be written as a mapping (数据: {总数, 其中, 上期}): the figure itself is
// one field; the rest of the mapping waits, folded, under it.
function isFigure(k) {
  return !!k.short && kindOf(k.s.properties[k.short]).kind === "qty";
}

function figure(k, u, path, title, required, depth, ctx) {
  const wrap = el("div", { class: "figure", "data-path": path });
  wrap.append(build(k.s.properties[k.short], u, k.short, join(path, k.short), title, required, depth, ctx));
  const rest = Object.keys(k.s.properties).filter((key) => key !== k.short);
  if (!rest.length) return wrap;
  const more = el("details", { class: "more", open: rest.some((key) => hasContent(u[key])) || undefined },
    el("summary", { text: `${rest.join("、")}（可选）`, title: k.s.description || "" }));
  quiet++;
  try {
    for (const key of rest) {
      const ps = k.s.properties[key];
      more.append(build(ps, u, key, join(path, key), ps.title || key, false, depth, ctx || title));
    }
  } finally {
    quiet--;
  }
  wrap.append(more);
  return wrap;
}

function object(k, u, path, title, required, depth, ctx) {
  if (isFigure(k)) return figure(k, u, path, title, required, depth, ctx);
  const req = new Set(k.s.required || []);
  const collapsible = !required && depth === 0 && path !== "";
  const box = path === "" ? el("div", {}) : group(path, title, k.s, required, ctx, collapsible ? hasContent(u) : null);
  const target = box.tagName === "DETAILS" ? box.querySelector("fieldset") : box;
  for (const [key, ps] of Object.entries(k.s.properties)) {
    target.append(build(ps, u, key, join(path, key), ps.title || key, req.has(key), depth, ctx));
  }
  for (const key of Object.keys(u)) {
    if (key in k.s.properties) continue;
    target.append(el("div", { class: "field", "data-path": join(path, key) },
      el("span", { class: "label", text: `表单不认识的字段“${key}”` }),
      el("button", { type: "button", class: "small", text: "删去这个字段", onclick: () => { delete u[key]; rerender(); } }),
      el("span", { class: "diag", hidden: true })));
  }
  return box;
}

function variantName(s) {
  const k = kindOf(s);
  if (k.kind === "object") return Object.keys(k.s.properties).join("、");
  if (k.kind === "enum") return `从列表中选（${k.s.enum.join("、")}）`;
  if (k.kind === "text" || k.kind === "qty") return "文字";
  return "自己填写（JSON）";
}

// A value with two ways of writing it (期间: 文字 or 起、止; 表格: a built-in one or rows):
// a select of the ways, then the fields of the chosen one. State: {__v: way, u: its state}.
function choice(k, holder, key, path, title, required, depth, ctx) {
  const state = holder[key];
  const id = `f${++serial}`;
  const select = el("select", { id, "aria-label": `${title}的写法` },
    ...k.variants.map((v, i) => el("option", { value: String(i), text: variantName(v), selected: i === state.__v })));
  select.addEventListener("change", () => {
    const i = Number(select.value);
    holder[key] = { __v: i, u: toUi(k.variants[i], undefined) };
    rerender([`${title}的写法`]);
  });
  const wrap = el("div", { "data-choice": path });
  wrap.append(el("div", { class: "variant" }, el("span", { text: `${title}的写法：` }), select));
  wrap.append(build(k.variants[state.__v], state, "u", path, title, required, depth, ctx));
  return wrap;
}

// Move and delete buttons of entry i; `nameOf(j)` names entry j. Keyboard focus follows the
// entry that moved, or goes to the next entry (or the add button) after a delete.
function tools(list, i, nameOf, addLabel) {
  const move = (d) => {
    [list[i], list[i + d]] = [list[i + d], list[i]];
    const [same, other] = d < 0 ? ["上移", "下移"] : ["下移", "上移"];
    rerender([`${same}${nameOf(i + d)}`, `${other}${nameOf(i + d)}`]);
  };
  const remove = () => {
    list.splice(i, 1);
    rerender(list.length ? [`删除${nameOf(Math.min(i, list.length - 1))}`] : [addLabel]);
  };
  return el("span", { class: "item-tools" },
    el("button", { type: "button", class: "small", text: "上移", "aria-label": `上移${nameOf(i)}`, disabled: i === 0 || undefined, onclick: () => move(-1) }),
    el("button", { type: "button", class: "small", text: "下移", "aria-label": `下移${nameOf(i)}`, disabled: i === list.length - 1 || undefined, onclick: () => move(1) }),
    el("button", { type: "button", class: "small", text: "删除", "aria-label": `删除${nameOf(i)}`, onclick: remove }));
}

// Where a list or table sits, in words: the item it belongs to, else its keys (“概况→党员”).
function owner(path, ctx) {
  if (ctx) return ctx;
  return path.replace(/\.?[^.[\]]*$/, "").replace(/\[(\d+)\]/g, (_, i) => `第${Number(i) + 1}条`).replace(/\./g, "→");
}

function map(k, u, path, title, ctx) {
  const box = group(path, title, k.s, false, ctx, null);
  const where = owner(path, ctx);
  const addLabel = `添加${where ? where + "的" : ""}${title}`;
  const value = kindOf(k.s.additionalProperties);
  u.__rows.forEach((row, i) => {
    const id = `f${++serial}`;
    const names = k.s.propertyNames && k.s.propertyNames.enum;
    const name = names
      ? el("select", { id }, el("option", { value: "", text: "（请选择）" }), ...names.map((o) => el("option", { value: o, text: o, selected: o === row.k })))
      : el("input", { id, type: "text" });
    name.value = row.k;
    const rowName = (j) => `${where ? where + "·" : ""}${title}第${j + 1}行`;
    const rowCtx = rowName(i);
    const keyField = field(join(path, row.k), id, "项目", {}, false, rowCtx, name);
    const line = el("div", { class: "row", "data-path": join(path, row.k) }, keyField);
    name.addEventListener(names ? "change" : "input", () => {
      const old = line.dataset.path;
      row.k = name.value;
      const now = join(path, row.k.trim());
      for (const node of [line, ...line.querySelectorAll("[data-path]")]) {
        if (node.dataset.path.startsWith(old)) node.dataset.path = now + node.dataset.path.slice(old.length);
      }
      changed();
    });
    const valueLabel = value.kind === "qty" || isFigure(value) ? "数量" : "内容";
    quiet++;
    try {
      line.append(build(k.s.additionalProperties, row, "v", join(path, row.k), valueLabel, false, 99, rowCtx));
    } finally {
      quiet--;
    }
    line.append(el("span", { class: "row-tools" },
      el("button", { type: "button", class: "small", text: "删除", "aria-label": `删除${rowCtx}`, onclick: () => {
        u.__rows.splice(i, 1);
        rerender(u.__rows.length ? [`删除${rowName(Math.min(i, u.__rows.length - 1))}`] : [addLabel]);
      } })));
    box.append(line);
  });
  box.append(el("button", { type: "button", class: "small add", text: "添加一行", "aria-label": addLabel,
    onclick: () => { u.__rows.push({ k: "", v: toUi(k.s.additionalProperties, undefined) }); rerender(`${path}#last`); } }));
  return box;
}

function strings(k, u, path, title, ctx) {
  const box = group(path, title, k.s, false, ctx, null);
  const where = owner(path, ctx);
  const addLabel = `添加${where ? where + "的" : ""}${title}`;
  u.forEach((_, i) => {
    const [id, control] = input(u, i, k.item.s, "text");
    const rowCtx = `${where ? where + "·" : ""}${title}`;
    const f = field(`${path}[${i}]`, id, `第${i + 1}点`, {}, false, rowCtx, control);
    box.append(el("div", { class: "row single", "data-path": `${path}[${i}]` }, f, tools(u, i, (j) => `${rowCtx}第${j + 1}点`, addLabel)));
  });
  box.append(el("button", { type: "button", class: "small add", text: `添加${title}`, "aria-label": addLabel,
    onclick: () => { u.push(""); rerender(`${path}#last`); } }));
  return box;
}

// A list of items; `depth` is the level of the item that holds it (0 for a section).
function items(k, u, path, title, depth, ctx) {
  const level = depth + 1;
  const box = group(path, title, k.s, depth === 0 && (schema.required || []).includes(path), ctx, null);
  const addText = depth === 0 ? `添加${title}` : `添加下一级条目`;
  const addLabel = `${ctx ? ctx + "：" : ""}${addText}`;
  const nameOf = (j) => (ctx ? `${ctx}·第${j + 1}条` : `${title}第${j + 1}条`);
  u.forEach((item, i) => {
    const sub = object(k.item, item, `${path}[${i}]`, `第${i + 1}条`, false, level, nameOf(i));
    sub.querySelector("legend").after(tools(u, i, nameOf, addLabel));
    box.append(sub);
  });
  box.append(el("button", { type: "button", class: "small add", text: addText, "aria-label": addLabel,
    onclick: () => { u.push(toUi(k.s.items, {})); rerender(`${path}#last`); } }));
  return box;
}

function rerender(focus = null) {
  const form = $("facts");
  const scrollY = window.scrollY;
  serial = 0;
  shown = new Set();
  form.replaceChildren(build(schema, { root }, "root", "", "", true, 0, ""));
  window.scrollTo(0, scrollY);
  if (typeof focus === "string" && focus.endsWith("#last")) {
    const base = focus.slice(0, -5);
    const box = [...form.querySelectorAll("fieldset[data-path]")].find((n) => n.dataset.path === base);
    const entries = box ? [...box.children].filter((c) => c.dataset.path !== undefined) : [];
    const last = entries.length && entries[entries.length - 1].querySelector("input, textarea, select");
    if (last) last.focus();
  } else if (Array.isArray(focus)) { // controls by their names, the first that can take focus
    const buttons = [...form.querySelectorAll("[aria-label]")];
    const target = focus.map((name) => buttons.find((b) => b.getAttribute("aria-label") === name && !b.disabled)).find(Boolean);
    if (target) target.focus();
  }
  showDiagnostics(lastDiagnostics);
  changed();
}
