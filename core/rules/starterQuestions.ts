/**
 * Behavioural questions for each starter principle, in our own words and
 * keyed by the principle's starter name, so a starter workspace can build a
 * kit from its first day. Each asks about something the candidate did. Three
 * each, the coverage minimum, so a new workspace starts with no principle
 * flagged as thin.
 */
export const STARTER_QUESTIONS: Readonly<Record<string, readonly string[]>> = {
  'Start from the customer': [
    'Tell me about a time you changed a plan because of something a customer told you.',
    'Describe the last time you went looking for evidence of a customer problem before you built something.',
    'Tell me about a time you said no to a customer request because it would not have served them.',
  ],
  'Own the outcome': [
    'Tell me about a time you picked up a problem that nobody owned and saw it through.',
    'Describe a piece of work you finished even though part of it sat outside your role.',
    'Tell me about a mistake of yours that reached others, and how you put it right.',
  ],
  'Raise the bar': [
    'Tell me about a time you noticed quality slipping and fixed the root cause.',
    'Describe how you helped someone around you raise the standard of their work.',
    'Tell me about a time you turned down work that was not good enough yet, including your own.',
  ],
  'Learn and stay curious': [
    'Tell me about a mistake you made and what you changed afterwards.',
    'Describe the last time evidence changed your mind about something you had been sure of.',
    'Tell me about something outside your field that you taught yourself because your work needed it.',
  ],
  'Decide with care, move with speed': [
    'Tell me about a decision you made quickly with the information you had, and how it turned out.',
    'Describe a decision you slowed down on because it could not be undone.',
    'Tell me about a time you made a call before you had all the data you wanted.',
  ],
  'Earn trust': [
    'Tell me about a time you told someone a hard truth they did not want to hear.',
    'Describe a time you admitted you were wrong to your team, and what happened next.',
    'Tell me about a time you kept a promise to a colleague when it cost you something.',
  ],
  'Disagree, then commit': [
    'Tell me about a time you argued against a decision and it went ahead anyway.',
    'Describe how you made a decision work after you had argued against it.',
    'Tell me about a time you changed a decision because someone on your team pushed back with evidence.',
  ],
  'Deliver results': [
    'Tell me about an important result you delivered despite a serious setback.',
    'Describe how you chose the few things that mattered most in your last project.',
    'Tell me about a goal you missed, what you learned, and what you did next.',
  ],
};
