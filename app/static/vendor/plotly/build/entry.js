'use strict';
// plotly.js's src/core.js with only the components CSDR Hub's charts use, then our trace types.
var Registry = require('plotly.js/src/registry');
var plotApi = require('plotly.js/src/plot_api');
var Plotly = { version: require('plotly.js/src/version').version, register: Registry.register };
require('native-promise-only');
require('plotly.js/build/plotcss');
Object.keys(plotApi).forEach(function (name) {
  if (name.charAt(0) !== '_') Plotly[name] = plotApi[name];
  Registry.register({ moduleType: 'apiMethod', name: name, fn: plotApi[name] });
});
Registry.register(require('plotly.js/src/traces/scatter'));
Registry.register([
  require('plotly.js/src/components/annotations'),
  require('plotly.js/src/components/selections'),
  require('plotly.js/src/components/shapes'),
  require('plotly.js/src/components/grid'),
  require('plotly.js/src/components/errorbars'),
  require('plotly.js/src/components/colorscale'),
  require('plotly.js/src/components/colorbar'),
  require('plotly.js/src/components/legend'),
  require('plotly.js/src/components/fx'),
  require('plotly.js/src/components/modebar'),
]);
Registry.register([require('plotly.js/src/locale-en'), require('plotly.js/src/locale-en-us')]);
Plotly.Icons = require('plotly.js/src/fonts/ploticon');
Registry.register([require('plotly.js/lib/bar'), require('plotly.js/lib/pie'), require('plotly.js/lib/choropleth')]);
module.exports = Plotly;
