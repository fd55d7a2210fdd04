// What an indexed interaction is, as the server keeps it and the browser shows it (no server code here).
export type Agent = { name: string; employeeId: string };

export type InteractionSummary = {
  guid: string;
  exportId: string;
  startSec: number;
  endSec?: number;
  media: string;
  mediaName: string;
  direction: string;
  directionName: string;
  customer: string;
  agents: Agent[];
  chunk: string;
};
