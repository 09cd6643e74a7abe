import { hubspot } from '@hubspot/ui-extensions';
import { DealRegistrationCard } from './components/deal-registration-card.js';

hubspot.extend<'crm.record.sidebar'>(({ context }) => <DealRegistrationCard context={context} />);
