import { FloorApp } from '../features/floor/floor-app.tsx';
import { mountPage } from '../shared/mount.tsx';

mountPage(<FloorApp />);
