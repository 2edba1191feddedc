/** The demo's server controls: `GET /control/status` and `POST /control/<service>/<kill|restart>` answer this. */
export type ServiceName = 'ws' | 'sse';

export interface ServiceStatus {
  up: boolean;
  clients: number;
}

export type DemoStatus = Record<ServiceName, ServiceStatus>;
