import type { WorkspacePage } from '../page-registry.js';
import { appPage } from './app-page.js';
import { callsPage } from './calls-page.js';
import { companyPage } from './company-page.js';
import { contactPage } from './contact-page.js';
import { dealPage } from './deal-page.js';
import { outboxPage } from './outbox-page.js';
import { partnersPage } from './partners-page.js';

/** Every page of the workspace, in navigation order. A capability adds its page here. */
export const WORKSPACE_PAGES: readonly WorkspacePage[] = [partnersPage, appPage, outboxPage, callsPage, companyPage, contactPage, dealPage];
