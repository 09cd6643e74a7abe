/** Association type ids (HubSpot-defined) used when the app creates tasks and notes. */
export const ASSOCIATION_TYPES = {
  taskToCompany: 192,
  taskToContact: 204,
  noteToCompany: 190,
  noteToContact: 202,
  noteToDeal: 214,
  taskToDeal: 216,
} as const;
