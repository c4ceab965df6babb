// A hand-written SVG line chart: events per second against batch concurrency (log-scaled x axis).
export interface ThroughputPoint {
  concurrency: number
  eventsPerSecond: number
}

export function renderThroughputSvg(points: ThroughputPoint[], defaultConcurrency: number): string {
  const width = 640
  const height = 360
  const margin = { left: 70, right: 20, top: 40, bottom: 50 }
  const plotW = width - margin.left - margin.right
  const plotH = height - margin.top - margin.bottom
  const xs = points.map((p) => p.concurrency)
  const minX = Math.log10(Math.min(...xs))
  const maxX = Math.log10(Math.max(...xs))
  const maxY = niceCeil(Math.max(...points.map((p) => p.eventsPerSecond)))
  const x = (c: number) => margin.left + ((Math.log10(c) - minX) / (maxX - minX || 1)) * plotW
  const y = (v: number) => margin.top + plotH - (v / maxY) * plotH
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.concurrency).toFixed(1)},${y(p.eventsPerSecond).toFixed(1)}`)
  const yTicks = Array.from({ length: 5 }, (_, i) => (maxY / 4) * i)
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="14">sendMessage batch throughput against concurrency (emulator, 50 ms latency)</text>`,
    ...yTicks.map(
      (v) =>
        `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${margin.left - 8}" y="${y(v) + 4}" text-anchor="end">${Math.round(v)}</text>`
    ),
    ...points.map(
      (p) =>
        `<text x="${x(p.concurrency)}" y="${height - margin.bottom + 18}" text-anchor="middle">${p.concurrency}</text>`
    ),
    `<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#333"/>`,
    `<line x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" stroke="#333"/>`,
    `<text x="${width / 2}" y="${height - 10}" text-anchor="middle">concurrent sends per batch (log scale)</text>`,
    `<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">events per second</text>`,
    `<path d="${path.join(' ')}" fill="none" stroke="#1f6feb" stroke-width="2"/>`,
    ...points.map(
      (p) =>
        `<circle cx="${x(p.concurrency)}" cy="${y(p.eventsPerSecond)}" r="4" fill="${p.concurrency === defaultConcurrency ? '#d1242f' : '#1f6feb'}"/><text x="${x(p.concurrency)}" y="${y(p.eventsPerSecond) - 8}" text-anchor="middle">${p.eventsPerSecond}</text>`
    ),
    `<text x="${width - margin.right}" y="${margin.top - 6}" text-anchor="end" fill="#d1242f">red: default (${defaultConcurrency})</text>`,
    '</svg>'
  ]
  return parts.join('\n') + '\n'
}

function niceCeil(value: number): number {
  if (value <= 0) return 1
  const magnitude = 10 ** Math.floor(Math.log10(value))
  return Math.ceil(value / magnitude) * magnitude
}
