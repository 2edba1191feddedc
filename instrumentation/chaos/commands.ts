import type { ChaosApi } from '../api';
import type { ChaosCommand, UiToPageMessage } from '../protocol';

const CHAOS_COMMANDS = new Set<string>(['set-chaos', 'reset-chaos', 'schedule-chaos', 'chaos-preset', 'kill'] satisfies ChaosCommand['kind'][]);

export function isChaosCommand(message: UiToPageMessage): message is ChaosCommand {
  return typeof message === 'object' && message !== null && CHAOS_COMMANDS.has(message.kind);
}

/** A UI's chaos command, through the same API page code uses (which checks every field). */
export function applyChaosCommand(chaos: ChaosApi, command: ChaosCommand): void {
  switch (command.kind) {
    case 'set-chaos':
      chaos.set(command.settings);
      break;
    case 'reset-chaos':
      chaos.reset();
      break;
    case 'schedule-chaos':
      chaos.schedule(command.schedule);
      break;
    case 'chaos-preset':
      chaos.preset(command.preset);
      break;
    case 'kill':
      chaos.kill(command.connectionId, command.code, command.reason);
      break;
    default:
      command satisfies never;
  }
}
