import { TicketApp } from '../features/ticket/ticket-app.tsx';
import { mountPage } from '../shared/mount.tsx';

mountPage(<TicketApp />);
