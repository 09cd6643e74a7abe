import { hubspot } from '@hubspot/ui-extensions';
import { PageRoutes, createPageRouter } from '@hubspot/ui-extensions/pages';
import { ProgramDashboardPage } from './program-dashboard-page.js';

hubspot.extend<'pages'>(({ context }) => {
  const Dashboard = () => <ProgramDashboardPage context={context} />;
  const PageRouter = createPageRouter(
    <PageRoutes>
      <PageRoutes.IndexRoute component={Dashboard} id="program-dashboard" />
    </PageRoutes>,
  );
  return <PageRouter />;
});
