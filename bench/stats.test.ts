import { describe, expect, test } from 'vitest'

import { alternate, pairedRatios, summarize } from './stats.ts'

// Every figure the bench reports, and every goal it judges, is one of these summaries: a wrong quantile or
// a ratio turned upside down would pass or miss a goal on a machine that did nothing of the kind.
describe('bench statistics', () => {
  test('summarize: median, quartiles and extremes by linear interpolation, whatever the order', () => {
    expect(summarize([9, 1, 5, 3, 7])).toEqual({ median: 5, min: 1, max: 9, q1: 3, q3: 7, n: 5 })
    // Of two middle samples the median is their mean; the quartiles fall between ranks.
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, q1: 1.75, q3: 3.25, n: 4 })
    expect(summarize([42])).toEqual({ median: 42, min: 42, max: 42, q1: 42, q3: 42, n: 1 })
  })

  test('summarize: no samples is NaN everywhere, not 0', () => {
    const none = summarize([])
    expect(none.n).toBe(0)
    for (const figure of [none.median, none.min, none.max, none.q1, none.q3]) expect(figure).toBeNaN()
  })

  test('summarize leaves its samples as they were', () => {
    const samples = [3, 1, 2]
    summarize(samples)
    expect(samples).toEqual([3, 1, 2])
  })

  test('pairedRatios divides each sample by its own pair, the first series by the second', () => {
    expect(pairedRatios([10, 30, 8], [5, 10, 8])).toEqual([2, 3, 1])
    // A sample without its pair is no ratio at all.
    expect(pairedRatios([4, 6], [2])).toEqual([2, Number.NaN])
    // The median of the paired ratios (2), not the ratio of the medians (2 / 50).
    expect(summarize(pairedRatios([1, 2, 100], [100, 1, 50])).median).toBe(2)
  })

  test('alternate: the steps as given on even repetitions, reversed on odd ones and the warm-up', () => {
    expect(alternate(['a', 'b'], 0)).toEqual(['a', 'b'])
    expect(alternate(['a', 'b'], 1)).toEqual(['b', 'a'])
    expect(alternate(['a', 'b'], -1)).toEqual(['b', 'a'])
    const steps = ['a', 'b', 'c']
    alternate(steps, 1)
    expect(steps).toEqual(['a', 'b', 'c'])
  })
})
