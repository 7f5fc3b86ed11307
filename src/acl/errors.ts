/** Why an ACL rule was refused, worded as Redis's ACLSetUserStringError words it. */
export class AclRuleError extends Error {}

export const ERR_UNKNOWN_RULE = 'Unknown command or category name in ACL';
export const ERR_SYNTAX_RULE = 'Syntax error';
