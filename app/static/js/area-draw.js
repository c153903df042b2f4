// Draw a request's area on a map of the country outlines: click to add corners, the GeoJSON
// polygon is written into the form's "area" field. Drag to pan, wheel to zoom. Without script
// the field is typed or a file uploaded.
(() => {
  const box = document.querySelector("[data-area-draw]");
  if (!box) return;
  const target = document.getElementById(box.dataset.target);
  const canvas = box.querySelector("canvas");
  const ctx = canvas.getContext("2d");
  let countries = [];
  let points = [];
  let view = { lon: 0, lat: 20, scale: 1 }; // degrees at the centre, pixels per degree
  let drag = null;

  const fit = () => {
    canvas.width = box.clientWidth || 800;
    canvas.height = Math.round(canvas.width / 2);
    if (view.scale === 1) view.scale = canvas.width / 360;
  };
  const toScreen = ([lon, lat]) => [canvas.width / 2 + (lon - view.lon) * view.scale,
                                    canvas.height / 2 - (lat - view.lat) * view.scale];
  const toLonLat = (x, y) => [view.lon + (x - canvas.width / 2) / view.scale,
                              view.lat - (y - canvas.height / 2) / view.scale];
  const round = (v) => Math.round(v * 10000) / 10000;

  const ring = (coords) => {
    coords.forEach((c, i) => { const [x, y] = toScreen(c); if (i) ctx.lineTo(x, y); else ctx.moveTo(x, y); });
  };
  const draw = () => {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = "#eef4fb";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = "#6c757d";
    ctx.fillStyle = "#ffffff";
    ctx.lineWidth = 0.6;
    for (const polygons of countries) {
      for (const polygon of polygons) { ctx.beginPath(); polygon.forEach(ring); ctx.fill(); ctx.stroke(); }
    }
    if (points.length) {
      ctx.beginPath();
      ring(points);
      if (points.length > 2) ctx.closePath();
      ctx.fillStyle = "rgba(13, 110, 253, 0.25)";
      ctx.strokeStyle = "#0d6efd";
      ctx.lineWidth = 2;
      if (points.length > 2) ctx.fill();
      ctx.stroke();
      ctx.fillStyle = "#0d6efd";
      points.forEach((p) => { const [x, y] = toScreen(p); ctx.fillRect(x - 3, y - 3, 6, 6); });
    }
  };
  const write = () => {
    if (points.length < 3) { target.value = ""; return; }
    const closed = [...points, points[0]];
    target.value = JSON.stringify({ type: "Polygon", coordinates: [closed] });
  };
  const load = () => {
    try {
      const geometry = JSON.parse(target.value);
      if (geometry.type === "Polygon") points = geometry.coordinates[0].slice(0, -1);
    } catch (_error) { points = []; }
    if (points.length) {
      const lons = points.map((p) => p[0]);
      const lats = points.map((p) => p[1]);
      view.lon = (Math.min(...lons) + Math.max(...lons)) / 2;
      view.lat = (Math.min(...lats) + Math.max(...lats)) / 2;
      const span = Math.max(Math.max(...lons) - Math.min(...lons), 2 * (Math.max(...lats) - Math.min(...lats)), 1);
      view.scale = canvas.width / (span * 3);
    }
  };

  canvas.addEventListener("mousedown", (e) => { drag = { x: e.offsetX, y: e.offsetY, moved: false, view: { ...view } }; });
  canvas.addEventListener("mousemove", (e) => {
    if (!drag) return;
    const dx = e.offsetX - drag.x;
    const dy = e.offsetY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
    if (drag.moved) {
      view.lon = drag.view.lon - dx / view.scale;
      view.lat = drag.view.lat + dy / view.scale;
      draw();
    }
  });
  canvas.addEventListener("mouseup", (e) => {
    if (drag && !drag.moved) {
      const [lon, lat] = toLonLat(e.offsetX, e.offsetY);
      points.push([round(Math.max(-180, Math.min(180, lon))), round(Math.max(-90, Math.min(90, lat)))]);
      write();
      draw();
    }
    drag = null;
  });
  canvas.addEventListener("wheel", (e) => {
    e.preventDefault();
    const [lon, lat] = toLonLat(e.offsetX, e.offsetY);
    view.scale = Math.max(canvas.width / 720, Math.min(4000, view.scale * (e.deltaY < 0 ? 1.25 : 0.8)));
    view.lon = lon - (e.offsetX - canvas.width / 2) / view.scale;
    view.lat = lat + (e.offsetY - canvas.height / 2) / view.scale;
    draw();
  }, { passive: false });
  box.querySelector("[data-undo]").addEventListener("click", () => { points.pop(); write(); draw(); });
  box.querySelector("[data-clear]").addEventListener("click", () => { points = []; write(); draw(); });
  target.addEventListener("change", () => { load(); draw(); });

  fit();
  load();
  box.classList.remove("d-none");
  draw();
  fetch(box.dataset.source, { credentials: "same-origin" })
    .then((response) => response.json())
    .then((collection) => {
      countries = collection.features.map((f) => f.geometry.coordinates);
      draw();
    })
    .catch(() => {});
})();
