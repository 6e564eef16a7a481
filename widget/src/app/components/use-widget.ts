// Subscribes a component to the controller's state: a re-render on every change.
import { useEffect, useState } from 'preact/hooks';
import type { WidgetController, WidgetState } from '../client/controller.ts';

export function useWidget(controller: WidgetController): WidgetState {
  const [state, setState] = useState(controller.state);
  useEffect(() => {
    setState(controller.state);
    return controller.subscribe(() => setState(controller.state));
  }, [controller]);
  return state;
}
