/** The Team screen's list: everyone with training counts and managers (other screens read `team.names`). */
export const TEAM_SCREEN_LIST = { method: 'team.list', input: { includeLeft: true } } as const;
