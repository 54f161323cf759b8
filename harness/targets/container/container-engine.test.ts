import { describe, expect, test } from 'vitest'

import { InputError } from '../../errors.ts'
import { applyTestcontainersDefaults, connectContainerEngine } from './container-engine.ts'

describe('applyTestcontainersDefaults', () => {
  test('sets what is unset and leaves the user’s own settings alone', () => {
    const env: NodeJS.ProcessEnv = { TESTCONTAINERS_HOST_OVERRIDE: 'docker.example' }
    applyTestcontainersDefaults(env)
    expect(env).toEqual({
      TESTCONTAINERS_HOST_OVERRIDE: 'docker.example',
      TESTCONTAINERS_RYUK_DISABLED: 'true',
    })
  })
})

describe('connectContainerEngine', () => {
  test('an engine that cannot be found is one InputError line, not a strategy trace', async () => {
    const failing = () => Promise.reject(new Error('Could not find a working container runtime strategy'))
    const connecting = connectContainerEngine(failing)
    await expect(connecting).rejects.toThrow(InputError)
    await expect(connecting).rejects.toThrow(
      /^no Docker engine reachable \(set DOCKER_HOST or start dockerd\): Could not find a working container runtime strategy$/,
    )
  })
})
