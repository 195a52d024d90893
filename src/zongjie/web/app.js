// zongjie serve: the page around the form (form.js): diagnostics beside their fields, the live
// preview, opening and saving files, pasted text. The server checks and drafts (POST /api/preview)
// and writes files; nothing leaves this computer: every request goes to the server of this page.
"use strict";

const STORE = "zongjie.serve.v1";
let fileName = "";
let timer = null;
let sequence = 0;
let lastDiagnostics = [];

// ------------------------------------------------------------------ diagnostics and preview

function where(path, index) {
  for (let p = path; ; ) {
    if (index.has(p)) return index.get(p);
    if (!p) return null;
    const up = p.replace(/(\.[^.[\]]*|\[\d+\])$/, "");
    p = up === p ? "" : up;
  }
}

function showDiagnostics(list) {
  const form = $("facts");
  for (const d of form.querySelectorAll(".diag")) { d.hidden = true; d.textContent = ""; d.className = "diag"; }
  for (const c of form.querySelectorAll("[aria-invalid]")) c.removeAttribute("aria-invalid");
  const index = new Map();
  for (const node of form.querySelectorAll("[data-path]")) if (!index.has(node.dataset.path)) index.set(node.dataset.path, node);
  const problems = el("ul");
  for (const d of list) {
    const path = collapsed.get(d.path || "") || d.path || "";
    const node = where(path, index);
    const slot = node && (node.matches("details") ? node.querySelector(".diag") : node.querySelector(":scope > .diag, :scope > fieldset > .diag, .field > .diag"));
    if (slot) {
      slot.hidden = false;
      slot.classList.add(d.severity);
      slot.append(el("span", { text: d.message }), " ");
      const control = node.querySelector("input, textarea, select");
      const own = node.matches(".field, .row") && node.dataset.path === path; // not a whole group's first field
      if (control && d.severity === "error" && own) control.setAttribute("aria-invalid", "true");
    }
    const item = el("li", { class: d.severity }, `${d.severity === "error" ? "错误" : "警告"}：${d.message}`);
    if (node) {
      item.append(" ", el("a", { href: "#", text: "转到", onclick: (e) => {
        e.preventDefault();
        if (node.matches("details")) node.open = true;
        (node.querySelector("input, textarea, select") || node).focus();
      } }));
    }
    problems.append(item);
  }
  $("problems").replaceChildren(list.length ? problems : "");
}

function status(text, bad = false) {
  $("status").textContent = text;
  $("status").classList.toggle("bad", bad);
}

function changed() {
  try { localStorage.setItem(STORE, JSON.stringify({ root, fileName })); } catch (e) { /* full or disabled */ }
  clearTimeout(timer);
  timer = setTimeout(preview, 250);
  status("正在检查……");
}

async function post(path, body, type = "application/json") {
  return fetch(path, { method: "POST", headers: { "Content-Type": type }, body });
}

async function preview() {
  const local = [];
  const body = JSON.stringify(facts(local));
  const mine = ++sequence;
  let answer;
  try {
    answer = await (await post("/api/preview", body)).json();
  } catch (e) {
    status("无法连接 zongjie：请确认 zongjie serve 仍在运行。", true);
    return;
  }
  if (mine !== sequence) return;
  lastDiagnostics = [...local, ...(answer.diagnostics || [])];
  showDiagnostics(lastDiagnostics);
  const errors = lastDiagnostics.filter((d) => d.severity === "error").length;
  const warnings = lastDiagnostics.length - errors;
  const paper = $("preview");
  if (answer.ok && !local.length) {
    paper.innerHTML = answer.html; // made by the server from the report's Markdown, raw HTML escaped
    paper.classList.remove("stale");
    status(warnings ? `可以生成报告；有 ${warnings} 个警告。` : "没有发现问题，可以下载报告。");
  } else {
    paper.classList.add("stale");
    if (!paper.childElementCount) paper.replaceChildren(el("p", { class: "empty", text: "填好必填项（带 * 的）并改正错误后，这里显示报告。" }));
    status(`有 ${errors} 个错误${warnings ? `、${warnings} 个警告` : ""}：改正后才能生成报告（见各栏下方的提示）。`, true);
  }
}

// ------------------------------------------------------------------ files

function baseName() {
  if (fileName) return fileName.replace(/\.(ya?ml|json|txt)$/i, "");
  const f = facts();
  const unit = typeof f.单位 === "string" ? f.单位 : (f.单位 && f.单位.名称) || "";
  const period = typeof f.期间 === "string" ? f.期间 : "";
  return `${unit}${period}事实` || "事实";
}

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function fileNameOf(response, fallback) {
  const m = /filename\*=UTF-8''([^;]+)/.exec(response.headers.get("Content-Disposition") || "");
  return m ? decodeURIComponent(m[1]) : fallback;
}

async function report(to) {
  clearTimeout(timer);
  await preview(); // the diagnostics of what is in the form now
  const errors = lastDiagnostics.filter((d) => d.severity === "error").length;
  if (errors) {
    status(`有 ${errors} 个错误，不能生成报告：请先按各栏下方的提示修改。`, true);
    return;
  }
  const response = await post(`/api/render?to=${to}`, JSON.stringify(facts()));
  if (!response.ok) {
    const answer = await response.json();
    lastDiagnostics = answer.diagnostics || [];
    showDiagnostics(lastDiagnostics);
    status(`${answer.error.message}`, true);
    return;
  }
  download(await response.blob(), fileNameOf(response, `报告.${to}`));
  status(`已下载${to === "docx" ? " Word 文件" : " Markdown 文件"}。`);
}

async function saveYaml() {
  const response = await post("/api/to-yaml", JSON.stringify(facts()));
  download(await response.blob(), `${baseName()}.yaml`);
  status("已保存事实文件（YAML）：以后可用“打开事实文件”继续编辑，或用 zongjie render 生成报告。");
}

// Problems of a file being opened: they concern the file, not the form, so they are listed
// above the form (with the file's line numbers) until the next file or 新建.
function notice(file, diagnostics) {
  const box = $("notice");
  box.replaceChildren();
  box.hidden = !diagnostics.length;
  if (!diagnostics.length) return;
  box.append(el("p", { text: `打开 ${file} 时发现：` }));
  const list = el("ul");
  for (const d of diagnostics) {
    const where = d.line ? `（第 ${d.line} 行）` : "";
    list.append(el("li", { class: d.severity, text: `${d.severity === "error" ? "错误" : "警告"}${where}：${d.message}` }));
  }
  box.append(list);
}

async function openFile(file) {
  const response = await post("/api/from-yaml", await file.arrayBuffer(), "application/yaml");
  const answer = await response.json();
  notice(file.name, answer.diagnostics || []);
  if (!response.ok) {
    status(`${file.name}：${answer.error.message}`, true);
    return;
  }
  root = toUi(schema, answer.data);
  fileName = file.name;
  $("facts").dataset.opened = String(Number($("facts").dataset.opened || 0) + 1);
  lastDiagnostics = [];
  $("preview").replaceChildren();
  rerender();
}

// ------------------------------------------------------------------ pasted text

function clean(text, multiline) {
  let t = text.replace(/\r\n?/g, "\n").replace(/[\u00a0\u200b-\u200d\u2060\ufeff\u00ad]/g, "");
  t = t.split("\n").map((line) => line.replace(/^[\u3000 \t]+|[\u3000 \t]+$/g, "")).join("\n");
  return multiline ? t.replace(/\n{3,}/g, "\n\n").trim() : t.replace(/\s*\n\s*/g, "").trim();
}

function onPaste(event) {
  const target = event.target;
  if (!(target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && target.type === "text"))) return;
  const text = event.clipboardData && event.clipboardData.getData("text/plain");
  if (!text) return;
  event.preventDefault();
  target.setRangeText(clean(text, target instanceof HTMLTextAreaElement), target.selectionStart, target.selectionEnd, "end");
  target.dispatchEvent(new Event("input", { bubbles: true }));
}

// ------------------------------------------------------------------ start

// A button's work; a lost connection is said in the status line, not thrown.
function guarded(work) {
  return async (event) => {
    try {
      await work(event);
    } catch (e) {
      status("无法完成：请确认 zongjie serve 仍在运行（命令行窗口没有关闭），然后再试。", true);
    }
  };
}

async function start() {
  schema = await (await fetch("/api/schema")).json();
  try {
    const saved = JSON.parse(localStorage.getItem(STORE) || "null");
    if (saved && saved.root) { root = saved.root; fileName = saved.fileName || ""; }
  } catch (e) { root = null; }
  if (!root) root = blank();
  try {
    fromUi(schema, root, true);
  } catch (e) {
    root = blank(); // a state saved by an older page that no longer fits the form
  }
  $("facts").addEventListener("submit", (e) => e.preventDefault());
  document.addEventListener("paste", onPaste, true);
  $("new").addEventListener("click", () => {
    if (!window.confirm("清空表单，开始一份新的事实？（未保存的内容将丢失）")) return;
    root = blank(); fileName = ""; lastDiagnostics = []; notice("", []); $("preview").replaceChildren(); rerender();
  });
  $("open").addEventListener("change", guarded((e) => { const f = e.target.files[0]; e.target.value = ""; return f && openFile(f); }));
  $("save-yaml").addEventListener("click", guarded(saveYaml));
  $("download-docx").addEventListener("click", guarded(() => report("docx")));
  $("download-md").addEventListener("click", guarded(() => report("md")));
  rerender();
}

start();
