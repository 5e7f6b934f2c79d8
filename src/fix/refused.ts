// A fix that cannot be placed exactly: the planner turns it into a refusal with this reason.
export class Refused extends Error {
  override name = "Refused";
}
