// CSDR Hub's plotly.js bundle, trimmed: plotly.js's own esbuild settings (esbuild-config.js), the
// trace types our charts draw, the components they use, and no code for what we never draw.
const esbuild = require('esbuild');
const { environmentPlugin } = require('esbuild-plugin-environment');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const version = require('plotly.js/package.json').version;
const stubs = {
  // MapLibre's stylesheet: we draw no tile maps.
  'maplibre-gl/dist/maplibre-gl.css': '',
  // Extra projections: the world map uses natural earth, which d3-geo itself has (plotly.js asks
  // d3-geo-projection for it under its old name).
  'd3-geo-projection': "module.exports = { geoNaturalEarth: require('d3-geo').geoNaturalEarth1 };",
  // Country-name lookup (locationmode "country names"): our map gives ISO-3 codes.
  'country-iso-search': 'module.exports = { COUNTRIES: [], createLookup: function () { return { lookupAlpha3: function () {} }; } };',
};
const stub = {
  name: 'csdr-stubs',
  setup(build) {
    const filter = new RegExp('^(' + Object.keys(stubs).map((k) => k.replace(/[.\/-]/g, '\\$&')).join('|') + ')$');
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'csdr-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'csdr-stub' }, (args) => ({ contents: stubs[args.path], loader: 'js', resolveDir: __dirname }));
  },
};
esbuild.build({
  entryPoints: ['./entry.js'], outfile: './plotly.min.js', format: 'iife', globalName: 'Plotly',
  bundle: true, minify: true, sourcemap: false, legalComments: 'none',
  banner: { js: `/** plotly.js v${version} (scatter, bar, pie, choropleth) | Copyright 2012-2026, Plotly, Inc. | MIT License */` },
  plugins: [stub, InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
  alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
  define: { global: 'window', 'define.amd': 'false' }, target: 'es2016', logLevel: 'info',
}).catch(() => process.exit(1));
