import { Component, type ReactNode } from 'react';

/** Shows what a card or app page threw in its place, as HubSpot shows a failed extension, instead of blanking the workspace. */
export class ExtensionBoundary extends Component<{ label: string; children: ReactNode }, { failed: string | null }> {
  override state = { failed: null as string | null };
  static getDerivedStateFromError(error: unknown) {
    return { failed: error instanceof Error ? error.message : String(error) };
  }
  override render() {
    return this.state.failed ? <p role="alert">{`The ${this.props.label} failed: ${this.state.failed}`}</p> : this.props.children;
  }
}
