// Text limits shared by the forms and the API, so an over-long field is caught
// next to the field before any round trip, and the API refuses it all the same.
export const LIMITS = {
  principleName: 80,
  principleSummary: 200,
  principleDescription: 5_000,
  anchor: 500,
  questionText: 2_000,
  probe: 500,
  probes: 10,
  tag: 40,
  tags: 20,
  reason: 1_000,
  search: 200,
  principlesPerQuestion: 10,
  pageSize: 500,
} as const;
