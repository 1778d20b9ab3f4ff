/**
 * Every demo role in Cambridgeshire signs in, opens every page their links lead to (each checked
 * with axe) and signs out. The checks are in support/every-role-suite.ts.
 */
import { describeEveryRoleIn } from './support/every-role-suite.js';

describeEveryRoleIn('Cambridgeshire');
