import { hubspot } from '@hubspot/ui-extensions';
import { ContactEnablementCard } from './components/contact-enablement-card.js';

hubspot.extend<'crm.record.sidebar'>(({ context }) => <ContactEnablementCard context={context} />);
