// The one spelling of a uuid the server accepts where it checks an id by hand (a path segment, a
// payload field, a log field) before Postgres ever casts it: any version, either case.
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
