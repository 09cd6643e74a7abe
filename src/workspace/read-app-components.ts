import fs from 'node:fs';
import path from 'node:path';

/** A card of the HubSpot project, as its `*-hsmeta.json` declares it. */
export interface CardComponent {
  uid: string;
  name: string;
  location: string;
  objectTypes: string[];
  /** Absolute path of the card's entry file. */
  entryFile: string;
}

/**
 * The app's pages component (HubSpot allows one per app): its entry file renders a page router
 * with `hubspot.extend<'pages'>`. HubSpot lists it under the app's name.
 */
export interface PageComponent {
  uid: string;
  /** The app's name, which HubSpot shows for its pages. */
  name: string;
  /** Absolute path of the page's entry file. */
  entryFile: string;
}

/** A custom workflow action of the project. */
export interface WorkflowActionComponent {
  uid: string;
  name: string;
  description: string;
  /** The backend path HubSpot calls (the `actionUrl` without `${PUBLIC_BASE_URL}`). */
  path: string;
  objectTypes: string[];
  inputFields: Array<{ name: string; label: string; type: string; fieldType: string; required: boolean; options: Array<{ value: string; label: string }> }>;
  outputFields: Array<{ name: string; label: string }>;
}

export interface AppComponents {
  /** The app's name (`app-hsmeta.json`). */
  appName: string;
  cards: CardComponent[];
  pages: PageComponent[];
  workflowActions: WorkflowActionComponent[];
}

interface Hsmeta {
  uid: string;
  type: string;
  config: Record<string, unknown>;
}

function readComponents(folder: string): Hsmeta[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('-hsmeta.json'))
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8')) as Hsmeta);
}

type FieldSpec = { typeDefinition: { name: string; type: string; fieldType: string; options?: Array<{ value: string; label: string }> }; isRequired?: boolean };

/**
 * The cards, app page and workflow actions of the HubSpot project under `srcDir` (`extensions/`),
 * read the way HubSpot reads them: a new card, page or action file shows up in the workspace with
 * no code change.
 */
export function readAppComponents(srcDir: string): AppComponents {
  const app = path.join(srcDir, 'app');
  const appName = String(readComponents(app).find((component) => component.type === 'app')?.config.name ?? 'App');
  const pages = readComponents(path.join(app, 'pages'))
    .filter((component) => component.type === 'pages')
    .map((component) => ({ uid: component.uid, name: appName, entryFile: path.join(srcDir, String(component.config.entrypoint ?? '')) }));
  const cards = readComponents(path.join(app, 'cards'))
    .filter((component) => component.type === 'card')
    .map((component) => ({
      uid: component.uid,
      name: String(component.config.name ?? component.uid),
      location: String(component.config.location ?? 'crm.record.tab'),
      objectTypes: (component.config.objectTypes as string[] | undefined) ?? [],
      entryFile: path.join(srcDir, String(component.config.entrypoint ?? '')),
    }));
  const workflowActions = readComponents(path.join(app, 'workflow-actions'))
    .filter((component) => component.type === 'workflow-action')
    .map((component) => {
      const config = component.config as {
        actionUrl: string;
        objectTypes?: string[];
        inputFields?: FieldSpec[];
        outputFields?: FieldSpec[];
        labels?: { en?: { actionName?: string; actionDescription?: string; inputFieldLabels?: Record<string, string>; outputFieldLabels?: Record<string, string> } };
      };
      const labels = config.labels?.en ?? {};
      return {
        uid: component.uid,
        name: labels.actionName ?? component.uid,
        description: labels.actionDescription ?? '',
        path: config.actionUrl.replace(/^\$\{PUBLIC_BASE_URL\}/, ''),
        objectTypes: config.objectTypes ?? [],
        inputFields: (config.inputFields ?? []).map((field) => ({
          name: field.typeDefinition.name,
          label: labels.inputFieldLabels?.[field.typeDefinition.name] ?? field.typeDefinition.name,
          type: field.typeDefinition.type,
          fieldType: field.typeDefinition.fieldType,
          required: field.isRequired ?? false,
          options: field.typeDefinition.options ?? [],
        })),
        outputFields: (config.outputFields ?? []).map((field) => ({
          name: field.typeDefinition.name,
          label: labels.outputFieldLabels?.[field.typeDefinition.name] ?? field.typeDefinition.name,
        })),
      };
    });
  return { appName, cards, pages, workflowActions };
}
