/** The Roles screen's list: every role a company ever opened, closed ones included. */
export const ROLES_SCREEN_LIST = { method: 'roles.list', input: { status: 'all' } } as const;
