import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { chmod, cp, mkdir, readdir, stat } from 'node:fs/promises'
import path from 'node:path'

import { dir } from 'tmp-promise'

import { InputError, errorMessage } from '../../errors.ts'
import { connectContainerEngine } from './container-engine.ts'

/** Image label holding the hash of everything the image was built from; an equal hash skips the build. */
export const INPUTS_HASH_LABEL = 'upgrade-harness.inputs'
/** Folders every image built here has, empty: scratch space (`/tmp`) and the usual mount point. */
export const SCRATCH_FOLDERS = ['tmp', 'data']
/** Their mode: writable by every uid, sticky like a system's /tmp. */
export const SCRATCH_MODE = 0o1777
/** PATH inside the images built here. */
export const IMAGE_PATH_ENV = '/usr/local/bin:/usr/bin:/bin'

/** One host file or folder placed at an absolute path in the image (symbolic links are followed). */
export interface RootfsEntry {
  from: string
  to: string
}

/** What {@link buildRootfsImage} builds. */
export interface BuildRootfsImageOptions {
  /** Image name and tag, e.g. `upgrade-harness/app:current`. */
  tag: string
  entries: RootfsEntry[]
  /** Environment variables of the image. Default: only PATH ({@link IMAGE_PATH_ENV}). */
  env?: Record<string, string>
  /** Extra image labels. Default: none. */
  labels?: Record<string, string>
  /** Progress lines. Default: discarded. */
  log?: (line: string) => void
}

/** Whether the image was built or an up-to-date one was kept, and the hash of its inputs. */
export interface BuiltImage {
  tag: string
  built: boolean
  inputsHash: string
}

/**
 * Build an image from a root file system alone: copy the entries into a folder, tar it and hand the tar
 * to the engine's import (what `docker import` does). Nothing is pulled, so no registry is needed. An
 * image whose {@link INPUTS_HASH_LABEL} equals the inputs' hash is kept as it is.
 */
export async function buildRootfsImage(options: BuildRootfsImageOptions): Promise<BuiltImage> {
  const log = options.log ?? (() => undefined)
  const env = { PATH: IMAGE_PATH_ENV, ...options.env }
  const labels = { ...options.labels }
  // The scratch folders are part of what is built: images made before they were world-writable are rebuilt.
  const inputsHash = await hashInputs(options.entries, {
    env,
    labels,
    scratch: { folders: SCRATCH_FOLDERS, mode: SCRATCH_MODE },
  })
  const docker = (await connectContainerEngine()).container.dockerode
  const existing = await docker
    .getImage(options.tag)
    .inspect()
    .catch(() => undefined)
  if (existing?.Config.Labels?.[INPUTS_HASH_LABEL] === inputsHash) {
    log(`${options.tag}: up to date (${inputsHash.slice(0, 12)})`)
    return { tag: options.tag, built: false, inputsHash }
  }
  log(`${options.tag}: building from ${options.entries.length} entries`)
  await using staging = await temporaryFolder()
  for (const entry of options.entries) {
    const target = path.join(staging.path, entry.to)
    await mkdir(path.dirname(target), { recursive: true })
    await cp(entry.from, target, { recursive: true, dereference: true })
  }
  // Mount points and scratch space the images' processes expect, writable by any uid: containers run
  // as the harness's uid, not the builder's. chmod, because mkdir's mode is cut by the umask (1755).
  for (const folder of SCRATCH_FOLDERS) {
    await mkdir(path.join(staging.path, folder), { recursive: true })
    await chmod(path.join(staging.path, folder), SCRATCH_MODE)
  }
  const changes = [
    ...Object.entries(env).map(([name, value]) => `ENV ${name}=${value}`),
    ...Object.entries({ ...labels, [INPUTS_HASH_LABEL]: inputsHash }).map(
      ([name, value]) => `LABEL ${name}=${value}`,
    ),
  ]
  const [repo, tag] = splitTag(options.tag)
  const tar = spawn('tar', ['-C', staging.path, '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const tarExit = new Promise<number | null>((resolve, reject) => {
    tar.on('error', reject)
    tar.on('close', resolve)
  })
  try {
    const progress = await docker.importImage(tar.stdout, { repo, tag, changes })
    await new Promise((resolve, reject) =>
      docker.modem.followProgress(progress, (error, result) => (error ? reject(error) : resolve(result))),
    )
  } catch (error) {
    throw new InputError(`${options.tag}: docker import failed: ${errorMessage(error)}`, { cause: error })
  }
  const code = await tarExit
  if (code !== 0) throw new InputError(`${options.tag}: tar of the root file system exited with code ${code}`)
  // The replaced image would linger untagged, 100 MB each rebuild; one still in use is left alone.
  if (existing !== undefined)
    await docker
      .getImage(existing.Id)
      .remove()
      .catch(() => undefined)
  log(`${options.tag}: built (${inputsHash.slice(0, 12)})`)
  return { tag: options.tag, built: true, inputsHash }
}

function splitTag(image: string): [string, string] {
  const colon = image.lastIndexOf(':')
  if (colon <= image.lastIndexOf('/')) return [image, 'latest']
  return [image.slice(0, colon), image.slice(colon + 1)]
}

async function temporaryFolder(): Promise<{ path: string } & AsyncDisposable> {
  const folder = await dir({ unsafeCleanup: true, prefix: 'upgrade-harness-rootfs-' })
  return { path: folder.path, [Symbol.asyncDispose]: () => folder.cleanup() }
}

async function hashInputs(entries: RootfsEntry[], extra: unknown): Promise<string> {
  const hash = createHash('sha256')
  hash.update(JSON.stringify(extra))
  for (const entry of [...entries].sort((a, b) => a.to.localeCompare(b.to))) {
    for (const file of await listFiles(entry.from)) {
      hash.update(`${path.posix.join(entry.to, file.relative)}\0${file.mode.toString(8)}\0`)
      await new Promise<void>((resolve, reject) => {
        createReadStream(file.absolute)
          .on('data', (chunk) => hash.update(chunk))
          .on('end', resolve)
          .on('error', reject)
      })
    }
  }
  return hash.digest('hex')
}

async function listFiles(from: string): Promise<{ absolute: string; relative: string; mode: number }[]> {
  const info = await stat(from).catch((error: unknown) => {
    throw new InputError(`${from}: cannot be read for the image: ${errorMessage(error)}`, { cause: error })
  })
  if (!info.isDirectory()) return [{ absolute: from, relative: '', mode: info.mode }]
  const files: { absolute: string; relative: string; mode: number }[] = []
  for (const name of (await readdir(from)).sort()) {
    for (const file of await listFiles(path.join(from, name))) {
      files.push({ ...file, relative: path.posix.join(name, file.relative) })
    }
  }
  return files
}
