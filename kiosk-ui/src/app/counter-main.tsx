import { CounterApp } from '../features/counter/counter-app.tsx';
import { mountPage } from '../shared/mount.tsx';

mountPage(<CounterApp />);
