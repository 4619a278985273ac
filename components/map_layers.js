// The service map's districts, outlines, labels and corner view (components/map.py).
// Rendered by jinja2: the cached GeoJSON texts and the colouring are filled in by the macro.
(function (map) {
  var geo = {{ this.geojson }}, outlines = {{ this.outlines }}, focusGeo = {{ this.focus }};
  var s = {{ this.settings }};
  function box(b) { return L.latLngBounds([[b[1], b[0]], [b[3], b[2]]]); }
  function fillOf(code) { return s.fills[code] || s.noData; }
  function styleOf(f) {
    var sel = f.properties.town_code === s.selected;
    return {fillColor: fillOf(f.properties.town_code), fillOpacity: 0.72, color: sel ? '#08306b' : '#ffffff',
            weight: sel ? 4 : 1.2, className: 'district'};
  }
  function tip(p) {
    var html = '<b>' + p.zh + '</b> · ' + p.en + '<br>' + s.rows.centres + s.colon + p.centres;
    if (p.precincts !== null) { html += '<br>' + s.rows.precincts + s.colon + p.precincts; }
    var v = s.values[p.town_code];
    if (s.valueLabel && v !== undefined) { html += '<br>' + s.valueLabel + s.colon + v; }
    return html;
  }
  var byCode = {};
  var districts = L.geoJson(geo, {style: styleOf, onEachFeature: function (f, l) {
    byCode[f.properties.town_code] = l;
    l.bindTooltip(tip(f.properties), {sticky: true});
    l.on('mouseover', function () { l.setStyle({weight: 3, color: '#222222', fillOpacity: 0.85}); });
    l.on('mouseout', function () { districts.resetStyle(l); });
  }}).addTo(map);
  L.geoJson(outlines, {interactive: false, style: function () {
    return {fill: false, color: '#1f1f1f', weight: 2.6, className: 'catchment'}; }}).addTo(map);
  if (focusGeo && s.focus) {
    L.geoJson(focusGeo, {interactive: false, filter: function (f) { return f.properties.id === s.focus; },
      style: function () { return {fillColor: '#000000', fillOpacity: 0.08, color: '#d7191c', weight: 5,
                                   className: 'focus'}; }}).addTo(map);
  }
  var labels = [];
  geo.features.forEach(function (f) {
    var p = f.properties, v = s.labelValues ? s.values[p.town_code] : null;
    var html = '<div class="district-label">' + p.label + (v ? '<span class="value">' + v + '</span>' : '') + '</div>';
    var m = L.marker([p.ly, p.lx], {icon: L.divIcon({html: html, className: 'district-label-icon', iconSize: [0, 0]}),
                                    interactive: false, keyboard: false}).addTo(map);
    labels.push({m: m, layer: byCode[p.town_code], rank: p.rank});
  });
  labels.sort(function (a, b) { return a.rank - b.rank; });
  function place() {
    var shown = [];
    labels.forEach(function (l) {
      var el = l.m.getElement(); if (!el || !el.firstChild) { return; }
      var lab = el.firstChild; lab.classList.remove('shown');
      var r = lab.getBoundingClientRect(), b = l.layer.getBounds();
      var nw = map.latLngToContainerPoint(b.getNorthWest()), se = map.latLngToContainerPoint(b.getSouthEast());
      var fits = r.width <= 1.2 * (se.x - nw.x) && r.height <= 1.2 * (se.y - nw.y);
      var free = shown.every(function (o) {
        return r.right + 3 < o.left || r.left - 3 > o.right || r.bottom + 1 < o.top || r.top - 1 > o.bottom; });
      if (fits && free) { lab.classList.add('shown'); shown.push(r); }
    });
  }
  var core = box(s.core);
  // Fit into the part of the map the reader sees without scrolling (1366×768: the page
  // header pushes the map's lower part below the fold).
  function hidden() {
    try {
      var top = window.frameElement.getBoundingClientRect().top;
      var seen = window.parent.innerHeight - Math.max(top, 0);
      return Math.max(0, Math.min(map.getSize().y - 160, map.getSize().y - seen));
    } catch (e) { return 0; }
  }
  function frame(b) { map.fitBounds(b, {paddingTopLeft: [8, 8], paddingBottomRight: [8, 8 + hidden()]}); }
  frame(s.fit ? box(s.fit) : core);
  map.on('zoomend resize', place);
  place();
  // Labels are measured: place them again once the CJK font has come in (it widens them).
  if (document.fonts) {
    document.fonts.addEventListener('loadingdone', place);
    document.fonts.ready.then(place);
  }
  var Home = L.Control.extend({options: {position: 'topleft'}, onAdd: function () {
    var a = L.DomUtil.create('a', 'map-home leaflet-bar');
    a.href = '#'; a.title = s.home; a.setAttribute('aria-label', s.home); a.innerHTML = '&#8962;';
    L.DomEvent.on(a, 'click', function (e) { L.DomEvent.stop(e); frame(core); });
    return a; }});
  new Home().addTo(map);
  if (s.inset) {
    var holder = L.DomUtil.create('div', 'map-inset', map.getContainer());
    L.DomEvent.disableClickPropagation(holder); L.DomEvent.disableScrollPropagation(holder);
    L.DomUtil.create('div', 'map-inset-title', holder).innerHTML = s.insetTitle;
    var mini = L.map(L.DomUtil.create('div', 'map-inset-map', holder), {zoomControl: false,
      attributionControl: false, dragging: false, scrollWheelZoom: false, doubleClickZoom: false,
      boxZoom: false, keyboard: false, touchZoom: false, zoomSnap: 0});
    L.geoJson(geo, {style: function (f) { var st = styleOf(f); st.weight = 0.6; st.color = '#ffffff';
                                           st.className = 'inset-district'; return st; },
      onEachFeature: function (f, l) {
        l.bindTooltip(f.properties.label);
        l.on('click', function () {
          var target = byCode[f.properties.town_code], b = target.getBounds();
          if (!map.getBounds().contains(b)) { map.fitBounds(b, {padding: [40, 40], maxZoom: map.getZoom()}); }
          target.fire('click', {latlng: b.getCenter()}, true);
        });
      }}).addTo(mini);
    mini.fitBounds(districts.getBounds(), {padding: [2, 2]});
    var seen = L.rectangle(map.getBounds(), {color: '#d7191c', weight: 1.5, fill: false, interactive: false}).addTo(mini);
    map.on('moveend zoomend resize', function () { seen.setBounds(map.getBounds()); });
  }
})({{ this._parent.get_name() }});
