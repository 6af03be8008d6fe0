const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatTime = (iso: string) => timeFormat.format(new Date(iso));

/** Until team members exist, every change on this machine is made by "you". */
export const formatActor = (actor: string) => (actor === 'local' ? 'you' : actor);
