// The problems a reader would see in the page's drawn figures: text that overlaps other text, text cut
// off by the figure's frame, and text whose ink does not suit the page's light or dark theme.
// Text may be rotated (tick labels at 45°), so each label is the quadrilateral its box maps to on
// screen, and two labels overlap when no edge of either separates them (separating-axis test).
() => {
  const GAP = 3; // px of overlap tolerated: a text box includes its line spacing (21 px at 12 px type)
  const dark = document.documentElement.dataset.theme === "dark";
  const corners = (text) => {
    const box = text.getBBox();
    const ctm = text.getScreenCTM();
    return [
      [box.x, box.y],
      [box.x + box.width, box.y],
      [box.x + box.width, box.y + box.height],
      [box.x, box.y + box.height],
    ].map(([x, y]) => [ctm.a * x + ctm.c * y + ctm.e, ctm.b * x + ctm.d * y + ctm.f]);
  };
  const project = (poly, [ax, ay]) => {
    const values = poly.map(([x, y]) => x * ax + y * ay);
    return [Math.min(...values), Math.max(...values)];
  };
  const overlap = (p, q) => {
    for (const poly of [p, q]) {
      for (let i = 0; i < poly.length; i++) {
        const [x1, y1] = poly[i];
        const [x2, y2] = poly[(i + 1) % poly.length];
        const length = Math.hypot(x2 - x1, y2 - y1) || 1;
        const axis = [(y1 - y2) / length, (x2 - x1) / length];
        const [pMin, pMax] = project(p, axis);
        const [qMin, qMax] = project(q, axis);
        if (pMax - GAP <= qMin || qMax - GAP <= pMin) return false;
      }
    }
    return true;
  };
  const luminance = (colour) => {
    const [r, g, b] = colour.match(/\d+(\.\d+)?/g).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  };
  const problems = [];
  for (const gd of document.querySelectorAll(".plotly-graph-div")) {
    const frame = gd.getBoundingClientRect();
    const labels = [...gd.querySelectorAll(".main-svg text")]
      .filter((t) => t.textContent.trim() && t.getBBox().width > 0 && !t.closest(".hoverlayer, .modebar"))
      .map((t) => ({
        text: t.textContent.trim(),
        poly: corners(t),
        ink: luminance(getComputedStyle(t).fill),
        inCell: !!t.closest(".heatmap-label, g.hm") || t.classList.contains("heatmap-label"),
      }));
    labels.forEach((a, i) => {
      const out = a.poly.some(
        ([x, y]) => x < frame.left - GAP || x > frame.right + GAP || y < frame.top - GAP || y > frame.bottom + GAP,
      );
      if (out) problems.push(`${gd.id}: "${a.text}" runs outside the figure`);
      labels.slice(i + 1).forEach((b) => {
        if (overlap(a.poly, b.poly)) problems.push(`${gd.id}: "${a.text}" overlaps "${b.text}"`);
      });
      // Heatmap counts sit on their cell's colour: plotly picks their ink in light mode.
      const wrongInk = dark ? a.ink < 0.5 : !a.inCell && a.ink > 0.5;
      if (wrongInk) problems.push(`${gd.id}: "${a.text}" has ${dark ? "dark" : "light"} ink on a ${dark ? "dark" : "light"} page`);
    });
  }
  return problems;
}
