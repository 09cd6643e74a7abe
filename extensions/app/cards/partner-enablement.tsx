import { hubspot } from '@hubspot/ui-extensions';
import { PartnerEnablementCard } from './components/partner-enablement-card.js';

hubspot.extend<'crm.record.tab'>(({ context, actions }) => (
  <PartnerEnablementCard context={context} onPropertiesChanged={() => actions.refreshObjectProperties()} />
));
