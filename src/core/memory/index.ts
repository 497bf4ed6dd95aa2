export * from './bytes';
export * from './lora';
export * from './activations';
export * from './modelStates';
export * from './inference';
export * from './overhead';
export * from './setup';
export * from './memoryModel';
