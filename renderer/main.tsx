import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, startLoading } from './App';
import { followServerChanges, queryClient } from './data/queryClient';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  followServerChanges();
  startLoading();
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
}
