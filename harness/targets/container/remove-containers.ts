import type Dockerode from 'dockerode'

/** Force-remove every container (running or not) carrying `label=value`; returns how many went. */
export async function removeLabelledContainers(
  docker: Dockerode,
  label: string,
  value: string,
): Promise<number> {
  const found = await docker.listContainers({ all: true, filters: { label: [`${label}=${value}`] } })
  await Promise.all(found.map((info) => removeContainer(docker.getContainer(info.Id))))
  return found.length
}

/** Force-remove one container; one that is already gone (or being removed) is not an error. */
export async function removeContainer(container: Dockerode.Container): Promise<void> {
  try {
    await container.remove({ force: true, v: true })
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode
    // 404: already gone; 409: removal already in progress (another cleanup got there first).
    if (status !== 404 && status !== 409) throw error
  }
}
