export * from './work';
export * from './bubble';
export * from './communication';
export * from './constants';
export * from './layout';
export * from './network';
export * from './model';
