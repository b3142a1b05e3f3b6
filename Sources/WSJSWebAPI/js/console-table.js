// SPDX-License-Identifier: MIT
// console.table's box drawing, laid out as Node 24 draws it: an "(index)" column, one column per
// property in order of first appearance, a "Values" column for primitive rows, cells left-aligned.
const P = internals.require("primordials").primordials;
const { inspect } = internals.require("inspect");

function cell(value) {
  return inspect(value, { depth: 1, breakLength: Infinity });
}

function renderTable(data, properties) {
  const indexHeader = "(index)";
  const valuesHeader = "Values";
  const columns = [];
  const rows = [];
  let hasValues = false;
  const addRow = (index, value) => {
    const row = { index, cells: new P.Map(), value: undefined, primitive: false };
    if (value !== null && typeof value === "object" || typeof value === "function") {
      const keys = properties !== undefined ? properties : P.ObjectKeys(value);
      for (const key of keys) {
        if (!P.ArrayPrototypeIncludes(columns, key)) P.ArrayPrototypePush(columns, key);
        if (P.ObjectPrototypeHasOwnProperty(value, key)) P.MapPrototypeSet(row.cells, key, cell(value[key]));
      }
    } else {
      row.primitive = true;
      row.value = cell(value);
      hasValues = true;
    }
    P.ArrayPrototypePush(rows, row);
  };
  let indexName = indexHeader;
  if (data instanceof P.Map) {
    indexName = "(iteration index)";
    let i = 0;
    const keyColumn = [];
    P.MapPrototypeForEach(data, (value, key) => {
      P.ArrayPrototypePush(keyColumn, cell(key));
      addRow(`${i++}`, value);
    });
    return draw(indexName, ["Key", ...columns], rows.map((row, j) => ({ ...row, cells: new P.Map([["Key", keyColumn[j]], ...row.cells]) })), hasValues, valuesHeader);
  }
  if (data instanceof P.Set) {
    indexName = "(iteration index)";
    let i = 0;
    P.SetPrototypeForEach(data, (value) => addRow(`${i++}`, value));
  } else {
    for (const key of P.ObjectKeys(data)) addRow(key, data[key]);
  }
  return draw(indexName, columns, rows, hasValues, valuesHeader);
}

function draw(indexName, columns, rows, hasValues, valuesHeader) {
  const headers = [indexName, ...P.ArrayPrototypeMap(columns, (c) => `${c}`)];
  if (hasValues) P.ArrayPrototypePush(headers, valuesHeader);
  const table = P.ArrayPrototypeMap(rows, (row) => {
    const line = [row.index];
    for (const column of columns) P.ArrayPrototypePush(line, P.MapPrototypeGet(row.cells, column) ?? "");
    if (hasValues) P.ArrayPrototypePush(line, row.primitive ? row.value : "");
    return line;
  });
  const widths = P.ArrayPrototypeMap(headers, (header, i) => {
    let width = displayWidth(header);
    for (const line of table) width = P.MathMax(width, displayWidth(line[i]));
    return width + 2;
  });
  const border = (left, middle, right) => left + P.ArrayPrototypeJoin(P.ArrayPrototypeMap(widths, (w) => P.StringPrototypeRepeat("─", w)), middle) + right;
  const renderLine = (cells) => `│${P.ArrayPrototypeJoin(P.ArrayPrototypeMap(cells, (text, i) => ` ${text}${P.StringPrototypeRepeat(" ", widths[i] - 1 - displayWidth(text))}`), "│")}│`;
  const lines = [border("┌", "┬", "┐"), renderLine(headers), border("├", "┼", "┤")];
  for (const line of table) P.ArrayPrototypePush(lines, renderLine(line));
  P.ArrayPrototypePush(lines, border("└", "┴", "┘"));
  return P.ArrayPrototypeJoin(lines, "\n");
}

/// Columns a string takes on a terminal: one per code point (wide CJK is not measured).
function displayWidth(text) {
  let width = 0;
  for (const _ of text) width++;
  return width;
}

internals.renderTable = renderTable;
