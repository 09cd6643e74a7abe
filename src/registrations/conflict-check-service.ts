import { checkRegistrationConflict } from '../domain/registrations/check-registration-conflict.js';
import { identifyCustomer, type CustomerDetails } from '../domain/registrations/identify-customer.js';
import type { ConflictCheck, CustomerIdentity } from '../domain/registrations/types.js';
import type { CalendarDate } from '../domain/types.js';
import type { RegistrationSettings } from '../program/registration-settings.js';
import type { ConflictIndexStore } from './conflict-index-store.js';

/** What one check is asked. */
export interface ConflictCheckRequest {
  partnerId: string;
  customer: CustomerDetails;
  /** The evaluation date in the portal's time zone. */
  today: CalendarDate;
}

/** A check's outcome, with the customer as it was identified. */
export interface ConflictCheckAnswer extends ConflictCheck {
  customer: CustomerIdentity;
}

/**
 * The conflict check at submission (docs/registrations.md, "Conflict check"), reading only the
 * index in PostgreSQL: a check makes no HubSpot call, so registrations never spend the portal's
 * search budget. The rules themselves are the pure `checkRegistrationConflict`.
 */
export class ConflictCheckService {
  constructor(
    private readonly store: ConflictIndexStore,
    private readonly portalId: string,
    private readonly rules: RegistrationSettings['conflict'],
  ) {}

  async check(request: ConflictCheckRequest): Promise<ConflictCheckAnswer> {
    const customer = identifyCustomer(request.customer, this.rules);
    const records = await this.store.readCustomer(this.portalId, customer.domain, customer.name);
    const result = checkRegistrationConflict({
      partnerId: request.partnerId,
      customer,
      today: request.today,
      registrations: records.registrations,
      deals: records.deals,
      companies: records.companies,
      rules: this.rules,
    });
    return { ...result, customer };
  }
}
