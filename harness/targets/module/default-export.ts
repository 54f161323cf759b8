/** The function a module target exports when the spec names none. */
export const DEFAULT_EXPORT = 'initDb'
