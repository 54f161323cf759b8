/** Label carried by every container the harness starts; leftovers with it are swept at prepare. */
export const HARNESS_LABEL = 'upgrade-harness'
/** Value of {@link HARNESS_LABEL}. */
export const HARNESS_LABEL_VALUE = '1'
/** Label naming the start a container belongs to, so that start can find and remove it whatever happens. */
export const RUN_ID_LABEL = 'upgrade-harness.run'
