import { StaffApp } from '../features/staff/staff-app.tsx';
import { mountPage } from '../shared/mount.tsx';

mountPage(<StaffApp />);
