// The gate on the reference app shipped as container images, as the failing service was: the rc.1 image
// must crash on a v0.9.5 database exactly as it did in production, and the current image must pass.
// Needs a Docker engine (`bash .ci/docker.sh` starts one); without one the suite skips and says why.
import { fileURLToPath } from 'node:url'

import { beforeAll, describe, expect, test } from 'vitest'

import { runGate } from '../harness/checks/run-gate.ts'
import { loadConfig } from '../harness/config/load-config.ts'
import { containerEngineStatus } from '../harness/targets/container/container-engine.ts'
import type { ContainerTargetSpec } from '../harness/targets/target.ts'
import { appImageTag, findAppReleases } from '../examples/container/app-release.ts'
import { buildAppImages } from '../examples/container/build-images.ts'

const CONFIG = fileURLToPath(new URL('../examples/container/upgrade-harness.config.ts', import.meta.url))
const VERSIONS = ['1.0.0-rc.1', 'current']

const engine = await containerEngineStatus()
// CI sets this: there the suite must run, so a missing engine fails it instead of skipping it.
const required = process.env.UPGRADE_HARNESS_REQUIRE_DOCKER === '1'
const skip = !engine.reachable && !required
const title = skip ? `container images (skipped: no Docker engine: ${engine.reason})` : 'container images'
if (skip) console.warn(`scenarios/containers.test.ts skipped: no Docker engine: ${engine.reason}`)

function imageTarget(version: string, extra: Partial<ContainerTargetSpec> = {}): ContainerTargetSpec {
  return {
    image: appImageTag(version),
    command: ['node', '/app/start.js', '--init-only', '{db}'],
    dataDir: '/data',
    ...extra,
  }
}

describe.skipIf(skip)(title, { timeout: 600_000 }, () => {
  beforeAll(async () => {
    if (!engine.reachable)
      throw new Error(`UPGRADE_HARNESS_REQUIRE_DOCKER=1 but no Docker engine: ${engine.reason}`)
    const releases = findAppReleases().filter((release) => VERSIONS.includes(release.version))
    expect(releases.map((release) => release.version).sort()).toEqual([...VERSIONS].sort())
    await buildAppImages({ releases, log: () => undefined })
  }, 300_000)

  test('the v1.0.0-rc.1 image fails starts on v0.9.5, quoting its log', async () => {
    const config = await loadConfig(CONFIG)
    const report = await runGate(config, { target: imageTarget('1.0.0-rc.1'), checks: ['starts'] })
    const starts = report.results.find((result) => result.snapshot === 'v0.9.5' && result.check === 'starts')
    expect(report.target).toBe('container:upgrade-harness/app:1.0.0-rc.1')
    expect(starts?.status).toBe('fail')
    expect(starts?.message).toContain('no such column: token_hash')
    expect(report.ok).toBe(false)
  })

  test('the current image passes every check on every snapshot', async () => {
    const config = await loadConfig(CONFIG)
    const report = await runGate(config)
    const failures = report.results.filter((result) => result.status === 'fail')
    expect(failures.map((result) => `${result.snapshot} › ${result.check}: ${result.message}`)).toEqual([])
    expect(
      report.results.filter((result) => result.check === 'starts' && result.status === 'pass').length,
    ).toBeGreaterThan(0)
    expect(report.ok).toBe(true)
  })

  test('the current image started as a server is ready on every snapshot', async () => {
    const config = await loadConfig(CONFIG)
    const server = imageTarget('current', { command: ['node', '/app/start.js', '{db}'], readyLog: 'ready' })
    const report = await runGate(config, { target: server, checks: ['starts'] })
    const starts = report.results.filter((result) => result.check === 'starts')
    expect(starts.length).toBeGreaterThan(0)
    expect(starts.filter((result) => result.status !== 'pass')).toEqual([])
  })
})
