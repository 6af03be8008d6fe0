/**
 * Behavioural questions for each starter principle, in our own words and
 * keyed by the principle's starter name, so a starter workspace can build a
 * kit from its first day. Each asks about something the candidate did.
 */
export const STARTER_QUESTIONS: Readonly<Record<string, readonly string[]>> = {
  'Start from the customer': [
    'Tell me about a time you changed a plan because of something a customer told you.',
    'Describe the last time you went looking for evidence of a customer problem before you built something.',
  ],
  'Own the outcome': [
    'Tell me about a time you picked up a problem that nobody owned and saw it through.',
    'Describe a piece of work you finished even though part of it sat outside your role.',
  ],
  'Raise the bar': [
    'Tell me about a time you noticed quality slipping and fixed the root cause.',
    'Describe how you helped someone around you raise the standard of their work.',
  ],
  'Learn and stay curious': [
    'Tell me about a mistake you made and what you changed afterwards.',
    'Describe the last time evidence changed your mind about something you had been sure of.',
  ],
  'Decide with care, move with speed': [
    'Tell me about a decision you made quickly with the information you had, and how it turned out.',
    'Describe a decision you slowed down on because it could not be undone.',
  ],
  'Earn trust': [
    'Tell me about a time you told someone a hard truth they did not want to hear.',
    'Describe a time you admitted you were wrong to your team, and what happened next.',
  ],
  'Disagree, then commit': [
    'Tell me about a time you argued against a decision and it went ahead anyway.',
    'Describe how you made a decision work after you had argued against it.',
  ],
  'Deliver results': [
    'Tell me about an important result you delivered despite a serious setback.',
    'Describe how you chose the few things that mattered most in your last project.',
  ],
};
